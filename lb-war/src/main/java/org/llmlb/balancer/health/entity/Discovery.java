package org.llmlb.balancer.health.entity;

/**
 * The last model discovery of one endpoint ({@code GET base_url/models}): {@code pending} until
 * the first attempt ends, then {@code ok} with the number of models or {@code failed} with the
 * HTTP status or the error, and a hint when the cause is likely a wrong {@code base_url}.
 */
public record Discovery(String status, String at, Integer httpStatus, String error, String hint, Integer models) {

    public static final Discovery PENDING = new Discovery("pending", null, null, null, null, null);

    public boolean ok() {
        return "ok".equals(status);
    }
}
