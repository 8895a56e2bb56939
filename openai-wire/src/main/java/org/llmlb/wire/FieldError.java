package org.llmlb.wire;

/** One rejected input field in an error body's {@code details}: {@code {"field": …, "message": …}}. */
public record FieldError(String field, String message) {
}
