package org.llmlb.wsproxy.runs.boundary;

import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.llmlb.wire.FieldError;
import org.llmlb.wsproxy.runs.control.InvalidCardException;

/**
 * Typed reads of a card's fields that note a problem instead of throwing, so a reader reports
 * every bad field at once. {@code path} is a field's dotted name, its last part the key.
 */
final class Fields {

    private final List<FieldError> problems = new ArrayList<>();

    /** A non-blank string; {@code path} is the field's dotted name, the last part its key. */
    String string(JsonObject o, String path, boolean required) {
        JsonValue v = o.get(key(path));
        if (v instanceof JsonString s && !s.getString().isBlank()) {
            return s.getString();
        }
        if (required || (v != null && v != JsonValue.NULL)) {
            problem(path, "must be a non-empty string");
        }
        return null;
    }

    JsonObject object(JsonObject o, String field) {
        JsonValue v = o.get(key(field));
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (v instanceof JsonObject obj) {
            return obj;
        }
        problem(field, "must be an object");
        return null;
    }

    /** A positive number; {@code path} is the field's dotted name, the last part its key. */
    Double number(JsonObject o, String path, boolean required) {
        JsonValue v = o.get(key(path));
        if (v instanceof JsonNumber n && n.doubleValue() >= 0 && (n.doubleValue() > 0 || !required)) {
            return n.doubleValue();
        }
        if (required || (v != null && v != JsonValue.NULL)) {
            problem(path, "must be a positive number");
        }
        return null;
    }

    /** Zero is a valid start for a ramp, so this one only refuses what is missing or negative. */
    Double atLeastZero(JsonObject o, String path) {
        if (o.get(key(path)) instanceof JsonNumber n && n.doubleValue() >= 0) {
            return n.doubleValue();
        }
        problem(path, "must be a number of at least 0");
        return null;
    }

    Integer integer(JsonObject o, String path, boolean required) {
        JsonValue v = o.get(key(path));
        if (v instanceof JsonNumber n && n.isIntegral() && n.longValue() > 0 && n.longValue() <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        if (required || (v != null && v != JsonValue.NULL)) {
            problem(path, "must be a positive whole number");
        }
        return null;
    }

    static String key(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    void problem(String field, String message) {
        problems.add(new FieldError(field, message));
    }

    /** {@code true} or {@code false}; null when absent. */
    Boolean bool(JsonObject o, String path) {
        JsonValue v = o.get(key(path));
        if (v == JsonValue.TRUE || v == JsonValue.FALSE) {
            return v == JsonValue.TRUE;
        }
        if (v != null && v != JsonValue.NULL) {
            problem(path, "must be true or false");
        }
        return null;
    }

    /** A whole number from {@code min} to {@code max}; null (with a problem when required or present but wrong) else. */
    Integer between(JsonObject o, String path, long min, long max, boolean required) {
        JsonValue v = o.get(key(path));
        if (v instanceof JsonNumber n && n.isIntegral() && n.longValue() >= min && n.longValue() <= max) {
            return n.intValue();
        }
        if (required || (v != null && v != JsonValue.NULL)) {
            problem(path, "must be a whole number from " + min + " to " + max);
        }
        return null;
    }

    boolean ok() {
        return problems.isEmpty();
    }

    /** Throws the problems noted so far, if any. */
    void check() {
        if (!problems.isEmpty()) {
            throw new InvalidCardException(problems);
        }
    }
}
