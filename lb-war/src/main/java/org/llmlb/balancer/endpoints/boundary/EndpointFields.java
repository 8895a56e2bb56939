package org.llmlb.balancer.endpoints.boundary;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.llmlb.balancer.admin.boundary.Fields;
import org.llmlb.balancer.endpoints.entity.Endpoint;
import org.llmlb.balancer.http.control.HeaderValues;

/**
 * An endpoint's admin JSON fields, for the endpoints API and the configuration import. Range rules
 * are Bean Validation constraints on the entity; the URL rule lives here.
 */
public final class EndpointFields {

    public static final Set<String> NAMES = Set.of("name", "base_url", "api_key", "enabled", "connected",
            "token_quota_percent", "priority_order", "max_concurrent", "timeout", "verify_tls", "pos_x", "pos_y");

    static final String API_KEY_RULE =
            "must be visible ASCII without spaces or control characters (it is sent in the Authorization header)";
    static final String BASE_URL_ASCII_RULE =
            "must be ASCII (percent-encode other characters; it is sent in the request line and Host header)";

    private EndpointFields() {
    }

    /** Changes the endpoint only where a field is valid; the errors in the body's order, as the API always listed them. */
    public static Fields read(Fields fields, Endpoint target) {
        return fields.text("name", false, v -> target.name = v)
                .value("base_url", v -> baseUrl(v, target))
                .value("api_key", v -> apiKey(v, target))
                .bool("enabled", v -> target.enabled = v)
                .bool("connected", v -> target.connected = v)
                .bool("verify_tls", v -> target.verifyTls = v)
                .number("token_quota_percent", v -> target.tokenQuotaPercent = v)
                .number("pos_x", v -> target.posX = v)
                .number("pos_y", v -> target.posY = v)
                .value("timeout", v -> timeout(v, target))
                .integer("priority_order", v -> target.priorityOrder = v)
                .integer("max_concurrent", v -> target.maxConcurrent = v)
                .inBodyOrder();
    }

    /** Taken as sent, not stripped: a URL with blanks is refused rather than repaired. */
    private static String baseUrl(JsonValue value, Endpoint target) {
        if (!(value instanceof JsonString s)) {
            return "must be a string";
        }
        String url = s.getString();
        String problem = urlProblem(url);
        if (problem == null) {
            target.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
        return problem;
    }

    /**
     * Null or "" removes the key; a key is taken as sent, not stripped. It goes upstream as
     * {@code Authorization: Bearer <key>}, so only what may stand in a header line is accepted.
     */
    private static String apiKey(JsonValue value, Endpoint target) {
        if (value.getValueType() == JsonValue.ValueType.NULL) {
            target.apiKey = null;
        } else if (value instanceof JsonString s) {
            String key = s.getString();
            if (!HeaderValues.visibleAscii(key)) {
                return API_KEY_RULE;
            }
            target.apiKey = key.isEmpty() ? null : key;
        } else {
            return "must be a string";
        }
        return null;
    }

    /** Null means the default timeout. */
    private static String timeout(JsonValue value, Endpoint target) {
        if (value.getValueType() == JsonValue.ValueType.NULL) {
            target.timeout = null;
        } else if (value instanceof JsonNumber n && Double.isFinite(n.doubleValue())) {
            target.timeout = n.doubleValue();
        } else {
            return "must be a number";
        }
        return null;
    }

    static String urlProblem(String value) {
        // URI refuses blanks and control characters but lets other non-ASCII through
        if (!value.chars().allMatch(c -> c < 0x80)) {
            return BASE_URL_ASCII_RULE;
        }
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
}
