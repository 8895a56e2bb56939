package org.llmlb.wsproxy.workload.entity;

/**
 * {@code groups} system prompts of {@code tokens} tokens each; conversation {@code i} starts with
 * the system prompt of group {@code i mod groups}, so many requests share each prefix, as the
 * users of one application share its instructions.
 */
public record SharedPrefix(int groups, int tokens) {
}
