package org.llmlb.balancer.proxy.boundary;

/** {@code /v1/[pool/]operation}: which OpenAI operation and through which pool. */
record ProxyPath(String pool, String operation) {

    static final String MODELS = "/models";
    private static final String[] OPERATIONS = {"/chat/completions", "/completions", "/embeddings", MODELS};

    /** @return null for a path the proxy does not serve */
    static ProxyPath parse(String pathInfo) {
        if (pathInfo == null) {
            return null;
        }
        for (String operation : OPERATIONS) {
            if (pathInfo.equals(operation)) {
                return new ProxyPath(null, operation);
            }
            if (pathInfo.endsWith(operation)) {
                String pool = pathInfo.substring(1, pathInfo.length() - operation.length());
                if (!pool.isEmpty() && pool.indexOf('/') < 0) {
                    return new ProxyPath(pool, operation);
                }
            }
        }
        return null;
    }
}
