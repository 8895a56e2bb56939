package org.llmlb.client.http;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one HTTP/1.1 response as its bytes arrive, in whatever pieces: the head, then the body
 * framed by Content-Length, chunked transfer coding or the end of the connection. Interim 1xx
 * answers are skipped. Body bytes are handed on as slices of the input, never copied.
 */
final class ResponseParser {

    interface Handler {
        void head(ResponseHead head) throws IOException;

        /** A slice of the body, valid only during the call. */
        void content(ByteBuffer slice) throws IOException;

        void end() throws IOException;
    }

    static final class Malformed extends IOException {
        Malformed(String message) {
            super(message);
        }
    }

    private enum State { HEAD, LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, UNTIL_CLOSE, DONE }

    private final int maxHeadBytes;
    private Handler handler;
    private boolean noBody;
    private State state;
    private byte[] line = new byte[256];
    private int lineLength;
    private int headBytes;
    private int status;
    private Map<String, String> headers;
    private long remaining;
    private boolean keepAlive;
    private boolean http10;

    ResponseParser(int maxHeadBytes) {
        this.maxHeadBytes = maxHeadBytes;
    }

    /** Starts on a new response; {@code noBody} for answers to HEAD. */
    void reset(Handler handler, boolean noBody) {
        this.handler = handler;
        this.noBody = noBody;
        this.state = State.HEAD;
        this.lineLength = 0;
        this.headBytes = 0;
        this.status = 0;
        this.headers = null;
        this.remaining = 0;
        this.keepAlive = false;
    }

    boolean done() {
        return state == State.DONE;
    }

    /** Whether any byte of the answer has arrived. */
    boolean started() {
        return status != 0 || lineLength > 0 || headBytes > 0;
    }

    /** Whether the connection may carry the next request once this answer is done. */
    boolean keepAlive() {
        return keepAlive;
    }

    /** Consumes what it can; bytes after the end of the answer are left in {@code in}. */
    void feed(ByteBuffer in) throws IOException {
        while (in.hasRemaining() && state != State.DONE) {
            switch (state) {
                case HEAD, CHUNK_SIZE, CHUNK_END, TRAILERS -> {
                    if (readLine(in)) {
                        onLine();
                    }
                }
                case LENGTH, CHUNK_DATA -> body(in);
                case UNTIL_CLOSE -> {
                    handler.content(in.slice());
                    in.position(in.limit());
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    /** The connection closed: the end of a close-delimited body, else an error. */
    void endOfInput() throws IOException {
        if (state == State.UNTIL_CLOSE) {
            finish();
            return;
        }
        if (state != State.DONE) {
            throw new EOFException(started() ? "endpoint closed the connection in the middle of its answer"
                    : "endpoint closed the connection before answering");
        }
    }

    private void body(ByteBuffer in) throws IOException {
        int take = (int) Math.min(in.remaining(), remaining);
        ByteBuffer slice = in.slice();
        slice.limit(take);
        in.position(in.position() + take);
        remaining -= take;
        handler.content(slice);
        if (remaining == 0) {
            if (state == State.LENGTH) {
                finish();
            } else {
                state = State.CHUNK_END;
            }
        }
    }

    /** @return whether a whole line (without its CRLF) is in {@link #line} */
    private boolean readLine(ByteBuffer in) throws IOException {
        while (in.hasRemaining()) {
            byte b = in.get();
            if (state == State.HEAD || state == State.TRAILERS) {
                if (++headBytes > maxHeadBytes) {
                    throw new Malformed("answer head larger than " + maxHeadBytes + " bytes");
                }
            }
            if (b == '\n') {
                if (lineLength > 0 && line[lineLength - 1] == '\r') {
                    lineLength--;
                }
                return true;
            }
            if (lineLength == line.length) {
                if (line.length >= maxHeadBytes) {
                    throw new Malformed("line too long");
                }
                line = java.util.Arrays.copyOf(line, Math.min(maxHeadBytes, line.length * 2));
            }
            line[lineLength++] = b;
        }
        return false;
    }

    private void onLine() throws IOException {
        int length = lineLength;
        lineLength = 0;
        switch (state) {
            case HEAD -> headLine(length);
            case CHUNK_SIZE -> chunkSize(length);
            case CHUNK_END -> {
                if (length != 0) {
                    throw new Malformed("malformed chunk end");
                }
                state = State.CHUNK_SIZE;
            }
            case TRAILERS -> {
                if (length == 0) {
                    finish();
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void headLine(int length) throws IOException {
        if (status == 0) {
            statusLine(length);
            return;
        }
        if (length > 0) {
            int colon = indexOf(':', length);
            if (colon > 0) {
                String name = new String(line, 0, colon, StandardCharsets.ISO_8859_1).trim().toLowerCase(Locale.ROOT);
                String value = new String(line, colon + 1, length - colon - 1, StandardCharsets.ISO_8859_1).trim();
                headers.put(name, value);
            }
            return;
        }
        if (status < 200) {
            // an interim answer (100 Continue, 103 Early Hints): the real one follows
            status = 0;
            headBytes = 0;
            return;
        }
        headComplete();
    }

    private void statusLine(int length) throws Malformed {
        if (length < 12 || line[0] != 'H' || line[1] != 'T' || line[2] != 'T' || line[3] != 'P' || line[4] != '/'
                || line[5] != '1' || line[6] != '.' || line[8] != ' ') {
            throw new Malformed("not an HTTP/1.x answer");
        }
        http10 = line[7] == '0';
        int code = 0;
        for (int i = 9; i < 12; i++) {
            byte d = line[i];
            if (d < '0' || d > '9') {
                throw new Malformed("malformed status line");
            }
            code = code * 10 + (d - '0');
        }
        if (code < 100) {
            throw new Malformed("malformed status line");
        }
        status = code;
        headers = new HashMap<>(16);
    }

    private void headComplete() throws IOException {
        String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
        boolean close = connection.contains("close") || (http10 && !connection.contains("keep-alive"));
        String encoding = headers.get("transfer-encoding");
        String length = headers.get("content-length");
        boolean bodiless = noBody || status == 204 || status == 304;
        boolean chunked = !bodiless && encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked");
        long framedLength = -1;
        if (!bodiless && !chunked && length != null) {
            try {
                framedLength = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw new Malformed("malformed content length");
            }
            if (framedLength < 0) {
                throw new Malformed("malformed content length");
            }
        }
        handler.head(new ResponseHead(status, headers, framedLength));
        if (state == State.DONE) {
            return; // the handler gave up on this answer
        }
        if (bodiless) {
            keepAlive = !close;
            finish();
        } else if (chunked) {
            keepAlive = !close;
            state = State.CHUNK_SIZE;
        } else if (framedLength >= 0) {
            remaining = framedLength;
            keepAlive = !close;
            state = State.LENGTH;
            if (remaining == 0) {
                finish();
            }
        } else {
            keepAlive = false;
            state = State.UNTIL_CLOSE;
        }
    }

    private void chunkSize(int length) throws IOException {
        int end = indexOf(';', length);
        if (end < 0) {
            end = length;
        }
        long size = 0;
        int digits = 0;
        for (int i = 0; i < end; i++) {
            byte b = line[i];
            int v = Character.digit(b, 16);
            if (v < 0) {
                if (b == ' ' || b == '\t') {
                    continue;
                }
                throw new Malformed("malformed chunk size");
            }
            if (++digits > 15) {
                throw new Malformed("chunk too large");
            }
            size = size * 16 + v;
        }
        if (digits == 0) {
            throw new Malformed("malformed chunk size");
        }
        if (size == 0) {
            state = State.TRAILERS;
        } else {
            remaining = size;
            state = State.CHUNK_DATA;
        }
    }

    private void finish() throws IOException {
        state = State.DONE;
        handler.end();
    }

    /** Stops reading this answer; the connection cannot be reused. */
    void abandon() {
        state = State.DONE;
        keepAlive = false;
    }

    private int indexOf(char c, int length) {
        for (int i = 0; i < length; i++) {
            if (line[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
