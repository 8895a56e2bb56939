package org.llmlb.wsproxy.engine.entity;

/** Sampling parameters sent with each request; null ones are left to the server. */
public record ModelConfig(Integer maxTokens, Double temperature, boolean stream) {
}
