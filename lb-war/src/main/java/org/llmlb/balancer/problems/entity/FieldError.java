package org.llmlb.balancer.problems.entity;

/** One rejected input field: {@code {"field": …, "message": …}}. */
public record FieldError(String field, String message) {
}
