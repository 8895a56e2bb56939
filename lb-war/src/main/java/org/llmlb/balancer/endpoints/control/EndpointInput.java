package org.llmlb.balancer.endpoints.control;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.llmlb.balancer.endpoints.entity.Endpoint;
import org.llmlb.balancer.problems.entity.FieldError;

/**
 * Applies an admin JSON body to an endpoint, field by field, rejecting unknown fields and wrong
 * types. Range rules are Bean Validation constraints on the entity; the URL rule lives here.
 */
public final class EndpointInput {

    static final Set<String> FIELDS = Set.of("name", "base_url", "api_key", "enabled", "connected",
            "token_quota_percent", "priority_order", "max_concurrent", "timeout", "verify_tls", "pos_x", "pos_y");

    private EndpointInput() {
    }

    /** @return the field errors; the endpoint is changed only where a field was valid */
    public static List<FieldError> apply(JsonObject body, Endpoint target) {
        List<FieldError> errors = new ArrayList<>();
        for (Map.Entry<String, JsonValue> field : body.entrySet()) {
            String name = field.getKey();
            JsonValue value = field.getValue();
            switch (name) {
                case "name" -> text(value, name, errors, v -> target.name = v.strip());
                case "base_url" -> text(value, name, errors, v -> {
                    String problem = urlProblem(v);
                    if (problem != null) {
                        errors.add(new FieldError(name, problem));
                    } else {
                        target.baseUrl = v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
                    }
                });
                case "api_key" -> {
                    if (value.getValueType() == JsonValue.ValueType.NULL) {
                        target.apiKey = null;
                    } else {
                        text(value, name, errors, v -> target.apiKey = v.isEmpty() ? null : v);
                    }
                }
                case "enabled" -> bool(value, name, errors, v -> target.enabled = v);
                case "connected" -> bool(value, name, errors, v -> target.connected = v);
                case "verify_tls" -> bool(value, name, errors, v -> target.verifyTls = v);
                case "token_quota_percent" -> number(value, name, errors, v -> target.tokenQuotaPercent = v);
                case "pos_x" -> number(value, name, errors, v -> target.posX = v);
                case "pos_y" -> number(value, name, errors, v -> target.posY = v);
                case "timeout" -> {
                    if (value.getValueType() == JsonValue.ValueType.NULL) {
                        target.timeout = null;
                    } else {
                        number(value, name, errors, v -> target.timeout = v);
                    }
                }
                case "priority_order" -> integer(value, name, errors, v -> target.priorityOrder = v);
                case "max_concurrent" -> integer(value, name, errors, v -> target.maxConcurrent = v);
                default -> errors.add(new FieldError(name, "unknown field"));
            }
        }
        return errors;
    }

    static String urlProblem(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return "must be an absolute http(s) URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            return "must be an absolute http(s) URL";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not contain user info";
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return "must not contain a query or fragment";
        }
        return null;
    }

    private static void text(JsonValue value, String name, List<FieldError> errors,
                             java.util.function.Consumer<String> set) {
        if (value instanceof JsonString s) {
            set.accept(s.getString());
        } else {
            errors.add(new FieldError(name, "must be a string"));
        }
    }

    private static void bool(JsonValue value, String name, List<FieldError> errors,
                             java.util.function.Consumer<Boolean> set) {
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            set.accept(value == JsonValue.TRUE);
        } else {
            errors.add(new FieldError(name, "must be a boolean"));
        }
    }

    private static void number(JsonValue value, String name, List<FieldError> errors,
                               java.util.function.Consumer<Double> set) {
        if (value instanceof JsonNumber n && Double.isFinite(n.doubleValue())) {
            set.accept(n.doubleValue());
        } else {
            errors.add(new FieldError(name, "must be a number"));
        }
    }

    private static void integer(JsonValue value, String name, List<FieldError> errors,
                                java.util.function.Consumer<Integer> set) {
        if (value instanceof JsonNumber n && n.isIntegral()
                && n.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0
                && n.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(Integer.MIN_VALUE)) >= 0) {
            set.accept(n.intValue());
        } else {
            errors.add(new FieldError(name, "must be an integer"));
        }
    }
}
