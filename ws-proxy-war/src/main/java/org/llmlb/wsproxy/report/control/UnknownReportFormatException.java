package org.llmlb.wsproxy.report.control;

public class UnknownReportFormatException extends RuntimeException {

    public UnknownReportFormatException(String format) {
        super("format must be html or json, not '" + format + "'");
    }
}
