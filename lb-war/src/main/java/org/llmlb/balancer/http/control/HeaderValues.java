package org.llmlb.balancer.http.control;

/**
 * The rule for values the balancer writes into header lines of its own making. The request to an
 * endpoint is composed by hand ({@code proxy/control/Http1Client}) and nothing below it checks: a
 * CR or LF in a value would end the line and start a header of the sender's choosing, and other
 * control characters or non-ASCII are refused or misread by servers. Such values are therefore
 * refused where they enter (admin API, configuration import, the client's {@code X-Request-ID}),
 * not escaped on the way out, so what is stored is what is sent.
 */
public final class HeaderValues {

    private HeaderValues() {
    }

    /**
     * Visible ASCII only (0x21–0x7E): no space, tab, CR, LF, NUL, DEL or anything beyond ASCII.
     * Keys and request ids are opaque tokens: a blank in one is a paste error, and a leading or
     * trailing one would be dropped by the receiving server, so the value would silently differ.
     */
    public static boolean visibleAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }
}
