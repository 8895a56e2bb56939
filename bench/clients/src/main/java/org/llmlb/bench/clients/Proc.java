package org.llmlb.bench.clients;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Process and socket facts from /proc (Linux), and JVM memory numbers. */
final class Proc {
    private Proc() {
    }

    /** A numeric field of /proc/self/status (VmRSS is in kB, Threads a count); -1 if absent. */
    static long status(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key + ":")) {
                    String v = line.substring(key.length() + 1).trim().split("\\s+")[0];
                    return Long.parseLong(v);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    static double rssMb() {
        return status("VmRSS") / 1024.0;
    }

    static long osThreads() {
        return status("Threads");
    }

    static int jvmThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    static double cpuSeconds() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return os.getProcessCpuTime() / 1e9;
    }

    static double heapUsedMb() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
    }

    static double heapCommittedMb() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / 1048576.0;
    }

    /** Heap used after a full GC: what is really retained. */
    static double heapLiveMb() {
        System.gc();
        return heapUsedMb();
    }

    static double directMb() {
        long sum = 0;
        List<BufferPoolMXBean> pools = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
        for (BufferPoolMXBean p : pools) {
            if (p.getName().equals("direct")) {
                sum += p.getMemoryUsed();
            }
        }
        return sum / 1048576.0;
    }

    /** TCP sockets on loopback involving {@code port}, from /proc/net/tcp and tcp6 (Java's sockets
     *  are IPv6 sockets with IPv4-mapped addresses, nginx's are IPv4). */
    static final class Tcp {
        int clientEstablished;     // our side: remote port == port, ESTABLISHED
        int clientOther;           // our side in another state (FIN_WAIT, TIME_WAIT, ...)
        int serverEstablished;     // upstream side: local port == port, ESTABLISHED
        int serverCloseWait;       // upstream side: peer closed, upstream has not yet
        long clientRxMax;          // largest receive queue on our side (bytes the kernel holds)
        long serverTxMax;          // largest send queue on the upstream side

        @Override
        public String toString() {
            return "client ESTAB " + clientEstablished + ", server ESTAB " + serverEstablished
                    + ", server CLOSE_WAIT " + serverCloseWait;
        }
    }

    /** Only the IPv4 table: the upstream's (nginx's) side of loopback connections. ~5 ms here. */
    static Tcp tcpServerSide(int port) {
        Tcp t = new Tcp();
        scan(t, port, "/proc/net/tcp");
        return t;
    }

    /** Open socket file descriptors of this process: drops the moment a library closes one. */
    static int socketFds() {
        int n = 0;
        try (var ds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path p : ds) {
                try {
                    if (Files.readSymbolicLink(p).toString().startsWith("socket:")) {
                        n++;
                    }
                } catch (IOException e) {
                    // closed while we looked
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc/self/fd", e);
        }
        return n;
    }

    /** Per local port of our connections to {@code port}: {bytes_received, Recv-Q} from `ss -tin`. */
    static Map<Integer, long[]> ssReceived(int port) {
        Map<Integer, long[]> m = new HashMap<>();
        try {
            Process p = new ProcessBuilder("ss", "-tinH", "state", "established", "( dport = :" + port + " )")
                    .redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            p.waitFor();
            int localPort = -1;
            long recvQ = 0;
            for (String line : text.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                if (!Character.isWhitespace(line.charAt(0))) {      // socket line: Recv-Q Send-Q local peer
                    String[] f = line.trim().split("\\s+");
                    recvQ = Long.parseLong(f[0]);
                    localPort = Integer.parseInt(f[2].substring(f[2].lastIndexOf(':') + 1));
                } else if (localPort > 0) {
                    int i = line.indexOf("bytes_received:");
                    long rcv = 0;
                    if (i >= 0) {
                        int e = i + 15;
                        while (e < line.length() && Character.isDigit(line.charAt(e))) {
                            e++;
                        }
                        rcv = Long.parseLong(line.substring(i + 15, e));
                    }
                    m.put(localPort, new long[] {rcv, recvQ});
                    localPort = -1;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("ss failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return m;
    }

    private static final ThreadLocal<byte[]> BUF = ThreadLocal.withInitial(() -> new byte[4 << 20]);

    static Tcp tcp(int port) {
        Tcp t = new Tcp();
        for (String file : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            scan(t, port, file);
        }
        return t;
    }

    private static void scan(Tcp t, int port, String file) {
        // One big read(): the kernel walks the whole TCP hash table once per read() call, so
        // Files.readAllBytes (many small reads) costs tens of ms here; this costs a few.
        byte[] all = BUF.get();
        int n = 0;
        try (java.io.FileInputStream in = new java.io.FileInputStream(file)) {
            int r;
            while ((r = in.read(all, n, all.length - n)) > 0) {
                n += r;
                if (n == all.length) {
                    all = java.util.Arrays.copyOf(all, all.length * 2);
                    BUF.set(all);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        String[] f = new String[5];
        int pos = 0;
        while (pos < n && all[pos] != '\n') {   // header line
            pos++;
        }
        while (++pos < n) {
            // fields 0..4: sl, local, remote, st, tx:rx (split on spaces, no regex: this runs in a poll loop)
            int k = 0;
            while (pos < n && all[pos] != '\n' && k < 5) {
                while (pos < n && all[pos] == ' ') {
                    pos++;
                }
                int st = pos;
                while (pos < n && all[pos] != ' ' && all[pos] != '\n') {
                    pos++;
                }
                f[k++] = new String(all, st, pos - st, java.nio.charset.StandardCharsets.US_ASCII);
            }
            while (pos < n && all[pos] != '\n') {
                pos++;
            }
            if (k < 5) {
                continue;
            }
            int local = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
            int remote = Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16);
            int st = Integer.parseInt(f[3], 16);
            int colon = f[4].indexOf(':');
            long tx = Long.parseLong(f[4].substring(0, colon), 16);
            long rx = Long.parseLong(f[4].substring(colon + 1), 16);
            if (remote == port) {
                if (st == 1) {
                    t.clientEstablished++;
                } else {
                    t.clientOther++;
                }
                t.clientRxMax = Math.max(t.clientRxMax, rx);
            } else if (local == port) {
                if (st == 1) {
                    t.serverEstablished++;
                } else if (st == 8) {
                    t.serverCloseWait++;
                }
                t.serverTxMax = Math.max(t.serverTxMax, tx);
            }
        }
    }
}
