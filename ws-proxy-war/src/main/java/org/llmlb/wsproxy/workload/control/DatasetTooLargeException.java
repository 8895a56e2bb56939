package org.llmlb.wsproxy.workload.control;

/** An upload over {@code producer.datasets.max.bytes}. */
public class DatasetTooLargeException extends RuntimeException {

    public DatasetTooLargeException(long limit) {
        super("the dataset is larger than " + limit + " bytes (PRODUCER_DATASETS_MAX_BYTES)");
    }
}
