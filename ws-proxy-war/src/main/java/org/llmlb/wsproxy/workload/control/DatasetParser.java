package org.llmlb.wsproxy.workload.control;

import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import org.llmlb.wsproxy.workload.entity.Dataset;

/**
 * Reads a JSONL upload. Each non-blank line is one of: a ShareGPT conversation
 * ({@code {"conversations":[{"from":"human","value":…},{"from":"gpt","value":…}]}}, whose
 * human turns become the conversation's user turns), an object with a {@code prompt} string, a
 * JSON string, or plain text (a line not starting with <code>{</code>, {@code [} or {@code "}), which is
 * the prompt as it stands. Every bad line is reported with its number, up to {@link #MAX_PROBLEMS}.
 */
public final class DatasetParser {

    static final int MAX_PROBLEMS = 20;
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final Set<String> USER = Set.of("human", "user");
    private static final Set<String> ASSISTANT = Set.of("gpt", "assistant", "chatgpt", "bard", "model", "system",
            "tool", "function");

    private DatasetParser() {
    }

    public static Dataset parse(String name, byte[] content) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidDatasetException(List.of(new InvalidDatasetException.Problem(0, "is not UTF-8 text")));
        }
        List<List<String>> conversations = new ArrayList<>();
        List<InvalidDatasetException.Problem> problems = new ArrayList<>();
        int sharegpt = 0;
        int prompts = 0;
        int number = 0;
        for (String line : text.split("\r?\n", -1)) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                Entry entry = entry(trimmed);
                if (entry.sharegpt()) {
                    sharegpt++;
                } else {
                    prompts++;
                }
                conversations.add(entry.turns());
            } catch (BadLine bad) {
                if (problems.size() < MAX_PROBLEMS) {
                    problems.add(new InvalidDatasetException.Problem(number, bad.getMessage()));
                }
            }
        }
        if (problems.isEmpty() && conversations.isEmpty()) {
            problems.add(new InvalidDatasetException.Problem(0, "has no prompts: every line is blank"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidDatasetException(problems);
        }
        String format = sharegpt == 0 ? "prompts" : prompts == 0 ? "sharegpt" : "mixed";
        return new Dataset(id(content), name, format, conversations, content.length);
    }

    private record Entry(List<String> turns, boolean sharegpt) {
        static Entry prompt(String text) {
            return new Entry(List.of(text), false);
        }
    }

    /** The user turns of one line. */
    private static Entry entry(String line) {
        if (!line.startsWith("{") && !line.startsWith("\"") && !line.startsWith("[")) {
            return Entry.prompt(line);
        }
        JsonValue value;
        try {
            value = JSON.createReader(new StringReader(line)).readValue();
        } catch (JsonException | IllegalStateException e) {
            throw new BadLine("is not valid JSON");
        }
        if (value instanceof JsonString s) {
            return Entry.prompt(nonBlank(s.getString(), "is an empty string"));
        }
        if (!(value instanceof JsonObject o)) {
            throw new BadLine("must be a JSON object, a JSON string or plain text");
        }
        if (o.containsKey("conversations")) {
            return new Entry(conversation(o.get("conversations")), true);
        }
        if (o.get("prompt") instanceof JsonString s) {
            return Entry.prompt(nonBlank(s.getString(), "has an empty \"prompt\""));
        }
        throw new BadLine("needs \"conversations\" (ShareGPT) or a \"prompt\" string");
    }

    private static List<String> conversation(JsonValue value) {
        if (!(value instanceof JsonArray turns)) {
            throw new BadLine("\"conversations\" must be an array of {\"from\",\"value\"} objects");
        }
        List<String> user = new ArrayList<>();
        int i = 0;
        for (JsonValue turn : turns) {
            if (!(turn instanceof JsonObject t) || !(t.get("from") instanceof JsonString from)
                    || !(t.get("value") instanceof JsonString text)) {
                throw new BadLine("turn " + i + " of \"conversations\" needs \"from\" and \"value\" strings");
            }
            String role = from.getString().toLowerCase(Locale.ROOT);
            if (USER.contains(role)) {
                if (!text.getString().isBlank()) {
                    user.add(text.getString());
                }
            } else if (!ASSISTANT.contains(role)) {
                throw new BadLine("turn " + i + " has \"from\": \"" + shorten(from.getString())
                        + "\"; use human or gpt");
            }
            i++;
        }
        if (user.isEmpty()) {
            throw new BadLine("the conversation has no non-empty human turn");
        }
        return user;
    }

    private static String nonBlank(String s, String problem) {
        if (s.isBlank()) {
            throw new BadLine(problem);
        }
        return s;
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    static String id(byte[] content) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(content);
            return "ds-" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static final class BadLine extends RuntimeException {
        BadLine(String message) {
            super(message, null, false, false);
        }
    }
}
