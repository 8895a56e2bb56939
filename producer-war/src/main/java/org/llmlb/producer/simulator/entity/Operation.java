package org.llmlb.producer.simulator.entity;

/** The OpenAI operations the simulator answers, with the object names each one uses on the wire. */
public enum Operation {

    MODELS("models", null, null, null),
    CHAT("chat/completions", "chat.completion", "chat.completion.chunk", "chatcmpl-sim-"),
    TEXT("completions", "text_completion", "text_completion", "cmpl-sim-"),
    METRICS("metrics", null, null, null),
    LOAD("load", null, null, null);

    public final String path;
    public final String object;
    public final String chunkObject;
    public final String idPrefix;

    Operation(String path, String object, String chunkObject, String idPrefix) {
        this.path = path;
        this.object = object;
        this.chunkObject = chunkObject;
        this.idPrefix = idPrefix;
    }

    /** The operation for the path after {@code /v1/}, or null. */
    public static Operation of(String path) {
        for (Operation operation : values()) {
            if (operation.path.equals(path)) {
                return operation;
            }
        }
        return null;
    }
}
