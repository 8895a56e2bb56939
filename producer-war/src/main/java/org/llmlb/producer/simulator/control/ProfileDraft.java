package org.llmlb.producer.simulator.control;

import static org.llmlb.producer.simulator.control.Profiles.invalid;
import static org.llmlb.producer.simulator.control.Profiles.shorten;

import java.util.regex.Pattern;

import org.llmlb.producer.simulator.entity.Faults;
import org.llmlb.producer.simulator.entity.Profile;
import org.llmlb.producer.simulator.entity.Serving;

/** A profile while its matrix parameters are applied, one by one, each checked against its range. */
final class ProfileDraft {

    static final String KNOWN = "ttft_ms, tps, tokens, model, ignore_eos, max_num_seqs, max_model_len, kv_cache_tokens, "
            + "prefill_ms_per_token, decode_slowdown, block_size, prefix_cache_blocks, error_rate, throttle_rate, "
            + "context_error_rate, hang_rate, drop_rate, retry_after_s, hang_ms, seed";

    // bounds keep a typo from holding a connection for days or allocating gigabytes
    static final long MAX_TTFT_MS = 600_000;
    static final double MAX_TPS = 100_000;
    static final int MAX_TOKENS = 100_000;

    private static final Pattern MODEL = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private final String name;
    private long ttftMs;
    private double tps;
    private int tokens;
    private String model;
    private boolean ignoreEos;
    private int maxNumSeqs;
    private int maxModelLen;
    private long kvCacheTokens;
    private double prefillMsPerToken;
    private double decodeSlowdown;
    private int blockSize;
    private int prefixCacheBlocks;
    private double throttle;
    private double contextLength;
    private double serverError;
    private double hang;
    private double drop;
    private int retryAfterSeconds;
    private long hangMs;
    private Long seed;

    ProfileDraft(String name, Profile base, String model) {
        this.name = name;
        this.model = model;
        ttftMs = base.ttftMs();
        tps = base.tps();
        tokens = base.tokens();
        ignoreEos = base.ignoreEos();
        Serving serving = base.serving();
        maxNumSeqs = serving.maxNumSeqs();
        maxModelLen = serving.maxModelLen();
        kvCacheTokens = serving.kvCacheTokens();
        prefillMsPerToken = serving.prefillMsPerToken();
        decodeSlowdown = serving.decodeSlowdown();
        blockSize = serving.blockSize();
        prefixCacheBlocks = serving.prefixCacheBlocks();
        Faults faults = base.faults();
        throttle = faults.throttle();
        contextLength = faults.contextLength();
        serverError = faults.serverError();
        hang = faults.hang();
        drop = faults.drop();
        retryAfterSeconds = faults.retryAfterSeconds();
        hangMs = faults.hangMs();
        seed = faults.seed();
    }

    void set(String key, String value) {
        switch (key) {
            case "ttft_ms" -> ttftMs = integer(key, value, 0, MAX_TTFT_MS);
            case "tps" -> tps = number(key, value, Double.MIN_VALUE, MAX_TPS);
            case "tokens" -> tokens = (int) integer(key, value, 1, MAX_TOKENS);
            case "model" -> model = model(value);
            case "ignore_eos" -> ignoreEos = bool(key, value);
            case "max_num_seqs" -> maxNumSeqs = (int) integer(key, value, 0, 100_000);
            case "max_model_len" -> maxModelLen = (int) integer(key, value, 0, 10_000_000);
            case "kv_cache_tokens" -> kvCacheTokens = integer(key, value, 0, 1_000_000_000);
            case "prefill_ms_per_token" -> prefillMsPerToken = number(key, value, 0, 1000);
            case "decode_slowdown" -> decodeSlowdown = number(key, value, 0, 100);
            case "block_size" -> blockSize = (int) integer(key, value, 1, 1024);
            case "prefix_cache_blocks" -> prefixCacheBlocks = (int) integer(key, value, 0, 100_000);
            case "error_rate" -> serverError = number(key, value, 0, 1);
            case "throttle_rate" -> throttle = number(key, value, 0, 1);
            case "context_error_rate" -> contextLength = number(key, value, 0, 1);
            case "hang_rate" -> hang = number(key, value, 0, 1);
            case "drop_rate" -> drop = number(key, value, 0, 1);
            case "retry_after_s" -> retryAfterSeconds = (int) integer(key, value, 1, 3600);
            case "hang_ms" -> hangMs = integer(key, value, 1, 3_600_000);
            case "seed" -> seed = integer(key, value, Long.MIN_VALUE, Long.MAX_VALUE);
            default -> throw invalid("Unknown matrix parameter '" + shorten(key) + "'; known: " + KNOWN);
        }
    }

    Profile build() {
        Faults faults = new Faults(throttle, contextLength, serverError, hang, drop, retryAfterSeconds, hangMs, seed);
        // a little slack: 0.1 + 0.2 + 0.7 is 1.0000000000000002 in binary
        if (faults.total() > 1 + 1e-9) {
            throw invalid("error_rate, throttle_rate, context_error_rate, hang_rate and drop_rate add up to "
                    + faults.total() + "; together they must be at most 1");
        }
        Serving serving = new Serving(maxNumSeqs, maxModelLen, kvCacheTokens, prefillMsPerToken, decodeSlowdown,
                blockSize, prefixCacheBlocks);
        return new Profile(name, ttftMs, tps, tokens, model, ignoreEos, serving, faults);
    }

    private static String model(String value) {
        if (!MODEL.matcher(value).matches()) {
            throw invalid("model must be 1 to 128 printable ASCII characters without spaces");
        }
        return value;
    }

    private static boolean bool(String key, String value) {
        return switch (value) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw invalid(key + " must be true or false, not '" + shorten(value) + "'");
        };
    }

    private static long integer(String key, String value, long min, long max) {
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid(key + " must be an integer, not '" + shorten(value) + "'");
        }
        if (parsed < min || parsed > max) {
            throw invalid(key + " must be at least " + min + " and at most " + max);
        }
        return parsed;
    }

    private static double number(String key, String value, double min, double max) {
        double parsed;
        try {
            parsed = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw invalid(key + " must be a number, not '" + shorten(value) + "'");
        }
        if (!(parsed >= min && parsed <= max)) {
            String lower = min == Double.MIN_VALUE ? "more than 0" : "at least " + describe(min);
            throw invalid(key + " must be " + lower + " and at most " + describe(max));
        }
        return parsed;
    }

    private static String describe(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }
}
