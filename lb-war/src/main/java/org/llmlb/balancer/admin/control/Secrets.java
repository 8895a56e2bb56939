package org.llmlb.balancer.admin.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Hashing and constant-time comparison of tokens. */
public final class Secrets {

    private Secrets() {
    }

    public static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compares digests, so neither length nor content of the secret leaks through timing. */
    public static boolean matches(String presented, String expected) {
        if (presented == null || expected == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(presented).getBytes(StandardCharsets.US_ASCII),
                sha256(expected).getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code sk-…1234}: enough to recognise a key, never enough to use it. */
    public static String preview(String secret) {
        if (secret == null || secret.isEmpty()) {
            return null;
        }
        if (secret.length() <= 8) {
            return "…" + secret.substring(secret.length() - Math.min(2, secret.length()));
        }
        return secret.substring(0, 3) + "…" + secret.substring(secret.length() - 4);
    }
}
