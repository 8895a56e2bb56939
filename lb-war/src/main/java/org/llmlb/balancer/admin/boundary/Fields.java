package org.llmlb.balancer.admin.boundary;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

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
                set.accept(stripSpaces(s.getString()));
            } else if (nullable && value.getValueType() == JsonValue.ValueType.NULL) {
                set.accept(null);
            } else {
                errors.add(new FieldError(name, nullable ? "must be a string or null" : "must be a string"));
            }
        });
    }

    /**
     * Leading and trailing blanks go, as pasted names have them; nothing else does. {@code strip()}
     * would also drop control characters such as U+001F at the ends, so a name the rules refuse in the
     * middle would pass at an end.
     */
    static String stripSpaces(String text) {
        int from = 0;
        int to = text.length();
        while (from < to && text.charAt(from) == ' ') {
            from++;
        }
        while (to > from && text.charAt(to - 1) == ' ') {
            to--;
        }
        return text.substring(from, to);
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

    public Fields integer(String name, Consumer<Integer> set) {
        return field(name, value -> {
            if (value instanceof JsonNumber n && n.isIntegral()
                    && n.bigDecimalValue().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0
                    && n.bigDecimalValue().compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) >= 0) {
                set.accept(n.intValue());
            } else {
                errors.add(new FieldError(name, "must be an integer"));
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

    /** A field with a rule of its own: {@code read} takes the value and answers null, or why it refuses it. */
    public Fields value(String name, Function<JsonValue, String> read) {
        return field(name, value -> {
            String refused = read.apply(value);
            if (refused != null) {
                errors.add(new FieldError(name, refused));
            }
        });
    }

    /** Sorts the errors so far by where their fields stand in the body. */
    public Fields inBodyOrder() {
        List<String> order = List.copyOf(body.keySet());
        errors.sort(Comparator.comparingInt(e -> order.indexOf(e.field())));
        return this;
    }

    public void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    public boolean has(String name) {
        return body.containsKey(name);
    }

    public boolean rejected(String name) {
        return errors.stream().anyMatch(e -> e.field().equals(name));
    }

    public List<FieldError> errors() {
        return List.copyOf(errors);
    }

    /**
     * Throws 422 with every field error, the type errors first, then Bean Validation's: one per field,
     * and none for a field already rejected.
     */
    public void validate(Validator validator, Object entity) {
        violations(validator, entity).stream().filter(e -> !rejected(e.field())).forEach(errors::add);
        check();
    }

    /** Bean Validation's verdict on the entity, by snake_case field. */
    public static List<FieldError> violations(Validator validator, Object entity) {
        return validator.validate(entity).stream()
                .map(v -> new FieldError(snake(v.getPropertyPath().toString()), v.getMessage())).toList();
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

    private static String snake(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
