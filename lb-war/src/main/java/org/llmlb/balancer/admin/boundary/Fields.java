package org.llmlb.balancer.admin.boundary;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.validation.Validator;

import org.llmlb.balancer.problems.control.ProblemException;
import org.llmlb.balancer.problems.entity.FieldError;

/**
 * Reads an admin JSON body field by field into an entity: unknown fields and wrong types become
 * field errors; Bean Validation then checks ranges and lengths on the entity.
 */
public final class Fields {

    private final JsonObject body;
    private final List<FieldError> errors = new ArrayList<>();

    public Fields(JsonObject body, Set<String> allowed) {
        this.body = body;
        body.keySet().stream().filter(k -> !allowed.contains(k))
                .forEach(k -> errors.add(new FieldError(k, "unknown field")));
    }

    public Fields text(String name, boolean nullable, Consumer<String> set) {
        return field(name, value -> {
            if (value instanceof JsonString s) {
                set.accept(s.getString().strip());
            } else if (nullable && value.getValueType() == JsonValue.ValueType.NULL) {
                set.accept(null);
            } else {
                errors.add(new FieldError(name, nullable ? "must be a string or null" : "must be a string"));
            }
        });
    }

    public Fields bool(String name, Consumer<Boolean> set) {
        return field(name, value -> {
            if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
                set.accept(value == JsonValue.TRUE);
            } else {
                errors.add(new FieldError(name, "must be a boolean"));
            }
        });
    }

    public Fields number(String name, Consumer<Double> set) {
        return field(name, value -> {
            if (value instanceof JsonNumber n && Double.isFinite(n.doubleValue())) {
                set.accept(n.doubleValue());
            } else {
                errors.add(new FieldError(name, "must be a number"));
            }
        });
    }

    public Fields id(String name, boolean nullable, Consumer<Long> set) {
        return field(name, value -> {
            if (value instanceof JsonNumber n && n.isIntegral() && n.longValue() > 0) {
                set.accept(n.longValue());
            } else if (nullable && value.getValueType() == JsonValue.ValueType.NULL) {
                set.accept(null);
            } else {
                errors.add(new FieldError(name, "must be a positive integer id" + (nullable ? " or null" : "")));
            }
        });
    }

    public Fields ids(String name, Consumer<List<Long>> set) {
        return field(name, value -> {
            List<Long> ids = new ArrayList<>();
            if (value.getValueType() == JsonValue.ValueType.ARRAY) {
                for (JsonValue v : value.asJsonArray()) {
                    if (v instanceof JsonNumber n && n.isIntegral() && n.longValue() > 0) {
                        ids.add(n.longValue());
                    } else {
                        errors.add(new FieldError(name, "must be an array of endpoint ids"));
                        return;
                    }
                }
                set.accept(ids);
            } else {
                errors.add(new FieldError(name, "must be an array of endpoint ids"));
            }
        });
    }

    public void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    public boolean has(String name) {
        return body.containsKey(name);
    }

    /** Throws 422 with every field error, the type errors first, then Bean Validation's. */
    public void validate(Validator validator, Object entity) {
        validator.validate(entity).stream()
                .map(v -> new FieldError(snake(v.getPropertyPath().toString()), v.getMessage()))
                .filter(e -> errors.stream().noneMatch(t -> t.field().equals(e.field())))
                .forEach(errors::add);
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
    }

    /** Throws 422 when any field was rejected; for bodies without an entity to validate. */
    public void check() {
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
    }

    private Fields field(String name, Consumer<JsonValue> read) {
        JsonValue value = body.get(name);
        if (value != null) {
            read.accept(value);
        }
        return this;
    }

    public static String snake(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
