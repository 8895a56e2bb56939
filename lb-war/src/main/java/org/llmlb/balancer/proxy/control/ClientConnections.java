package org.llmlb.balancer.proxy.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Which client connections are still open, read from the kernel's socket table (Linux:
 * {@code /proc/net/tcp} and {@code tcp6}). A servlet container reads nothing from a connection
 * while its request waits for an answer, so a client that hangs up then is not noticed until
 * something is written, which for a queued request, a long prefill or a non-streamed answer
 * may be minutes of GPU time for nobody. The socket table shows it: a connection whose peer
 * closed is in CLOSE_WAIT, one that was reset is gone. No container API is involved.
 */
public final class ClientConnections {

    private static final Path[] TABLES = {Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6")};
    private static final int ESTABLISHED = 0x01;
    private static final int CLOSE_WAIT = 0x08;

    /** Connections by {@link #key}: open ones, and those whose client has closed its side. */
    record Snapshot(Set<Long> established, Set<Long> closing) {

        /** @return true when gone, false when open, null when the table does not show it */
        Boolean gone(long key) {
            if (closing.contains(key)) {
                return true;
            }
            return established.contains(key) ? Boolean.FALSE : null;
        }
    }

    static boolean available() {
        return Files.isReadable(TABLES[0]);
    }

    public static long key(int localPort, int remotePort) {
        return ((long) localPort << 16) | (remotePort & 0xffff);
    }

    /** The connections whose local port is one of {@code localPorts} (the server's). */
    Snapshot scan(Set<Integer> localPorts) throws IOException {
        Set<Long> established = new HashSet<>();
        Set<Long> closing = new HashSet<>();
        for (Path table : TABLES) {
            if (Files.isReadable(table)) {
                parse(Files.readAllBytes(table), localPorts, established, closing);
            }
        }
        return new Snapshot(established, closing);
    }

    /** Lines like {@code "  12: 0100007F:1F9A 0100007F:A3C2 01 ..."}: local, remote, state, all in hex. */
    static void parse(byte[] table, Set<Integer> localPorts, Set<Long> established, Set<Long> closing) {
        int at = 0;
        int n = table.length;
        while (at < n && table[at] != '\n') {
            at++; // the heading
        }
        while (at < n) {
            at++;
            int lineEnd = at;
            while (lineEnd < n && table[lineEnd] != '\n') {
                lineEnd++;
            }
            int[] fields = new int[4];
            int field = 0;
            int i = at;
            while (i < lineEnd && field < 4) {
                while (i < lineEnd && table[i] == ' ') {
                    i++;
                }
                fields[field++] = i;
                while (i < lineEnd && table[i] != ' ') {
                    i++;
                }
            }
            if (field == 4) {
                int local = port(table, fields[1]);
                if (!localPorts.contains(local)) {
                    at = lineEnd;
                    continue;
                }
                int remote = port(table, fields[2]);
                int state = hex(table, fields[3], 2);
                if (local >= 0 && remote >= 0) {
                    if (state == ESTABLISHED) {
                        established.add(key(local, remote));
                    } else if (state == CLOSE_WAIT) {
                        closing.add(key(local, remote));
                    }
                }
            }
            at = lineEnd;
        }
    }

    private static int port(byte[] table, int addressStart) {
        int i = addressStart;
        while (i < table.length && table[i] != ':' && table[i] != ' ') {
            i++;
        }
        return i < table.length && table[i] == ':' ? hex(table, i + 1, 4) : -1;
    }

    private static int hex(byte[] table, int start, int digits) {
        int value = 0;
        for (int i = start; i < start + digits; i++) {
            if (i >= table.length) {
                return -1;
            }
            int d = Character.digit(table[i], 16);
            if (d < 0) {
                return -1;
            }
            value = value * 16 + d;
        }
        return value;
    }
}
