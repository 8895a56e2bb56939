package org.llmlb.bench.clients;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Client comparison harness. One JVM per (candidate, scenario); prints one line
 * {@code RESULT {json}} on stdout (bench/clients/run.sh collects them into tables).
 *
 * <pre>
 *   java -jar client-bench.jar CANDIDATE SCENARIO [key=value ...]
 *   CANDIDATE: jdk | jetty | hc5 | hc5t (HC5 tuned: 8 KiB buffers, cancel closes the IOSession) | ours (stream-client)
 *              (and "raw" for the latency scenario: a blocking socket, the floor)
 *   SCENARIO:  load | streams | latency | backpressure | cancel
 * </pre>
 * Keys (defaults in brackets): threads [2], conc [16], warmup [5], duration [10],
 * static [http://127.0.0.1:18300/v1/chat/completions], stream [http://127.0.0.1:18301/v1/chat/completions],
 * fast [http://127.0.0.1:18301/fast/v1/chat/completions], big [http://127.0.0.1:18301/big/v1/chat/completions],
 * n [50], stall [5], others [99].
 */
public final class Main {
    static final byte[] CHAT = "{\"model\":\"bench-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}],\"max_tokens\":16}"
            .getBytes(StandardCharsets.UTF_8);
    static final byte[] STREAM_CHAT = "{\"model\":\"bench-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json");
    static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Map<String, String> opts = new LinkedHashMap<>();
    private final Map<String, Object> out = new LinkedHashMap<>();
    private String candidate;
    private int baselineThreads;

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: CANDIDATE(jdk|jetty|hc5|hc5t|ours|raw) SCENARIO(load|streams|latency|backpressure|cancel) [key=value...]");
            System.exit(2);
        }
        Main m = new Main();
        m.candidate = args[0];
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            m.opts.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        int code = 0;
        try {
            m.run(args[1]);
        } catch (Throwable t) {
            t.printStackTrace();
            m.out.put("fatal", String.valueOf(t));
            code = 1;
        }
        System.out.println("RESULT " + Json.write(m.out));
        System.out.flush();
        Runtime.getRuntime().halt(code);   // don't wait for open streams or library shutdown
    }

    private String opt(String k, String def) {
        return opts.getOrDefault(k, def);
    }

    private int optInt(String k, int def) {
        return Integer.parseInt(opt(k, String.valueOf(def)));
    }

    private URI uri(String k, String def) {
        return URI.create(opt(k, def));
    }

    private StreamingClient newClient() throws Exception {
        int threads = optInt("threads", 2);
        baselineThreads = Proc.jvmThreads();
        StreamingClient c = switch (candidate) {
            case "jdk" -> new JdkClient(threads);
            case "jetty" -> new JettyClient(threads + 1);   // + the selector, which takes a pool thread
            case "hc5" -> new Hc5Client(threads, false);
            case "hc5t" -> new Hc5Client(threads, true);
            case "ours" -> new OursClient(threads);
            default -> throw new IllegalArgumentException("unknown candidate " + candidate);
        };
        out.put("config", c.describe());
        return c;
    }

    private void run(String scenario) throws Exception {
        out.put("candidate", candidate);
        out.put("scenario", scenario);
        out.put("java", System.getProperty("java.vm.version"));
        if (candidate.equals("raw")) {
            if (!scenario.equals("latency")) {
                throw new IllegalArgumentException("raw only runs the latency scenario");
            }
            latencyRaw();
            return;
        }
        switch (scenario) {
            case "load" -> load();
            case "streams" -> streams();
            case "latency" -> latency();
            case "backpressure" -> backpressure();
            case "cancel" -> cancel();
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        }
    }

    // ------------------------------------------------------------------------------------------
    /** One request, fully read: a probe that fails loudly on a misconfiguration. */
    private Collect probe(StreamingClient c, URI uri, byte[] body, boolean sse) throws Exception {
        Collect p = Collect.post(c, uri, HEADERS, body, sse);
        if (!p.await(30_000) || !p.ok(-1)) {
            throw new IllegalStateException("probe " + uri + " failed: " + p.describe());
        }
        if (sse) {
            byte[] b = p.body();
            boolean done = b.length >= DONE.length;
            for (int i = 0; done && i < DONE.length; i++) {
                done = b[b.length - DONE.length + i] == DONE[i];
            }
            if (!done) {
                throw new IllegalStateException("probe " + uri + ": body does not end in data: [DONE]");
            }
        }
        return p;
    }

    private void putThreads(String prefix) {
        out.put(prefix + "threads_jvm", Proc.jvmThreads());
        out.put(prefix + "threads_client", Proc.jvmThreads() - baselineThreads);
        out.put(prefix + "threads_os", Proc.osThreads());
    }

    private static double r2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    // ------------------------------------------------------------------------------------------
    // (a) non-streaming closed loop
    private void load() throws Exception {
        int conc = optInt("conc", 16);
        int warmup = optInt("warmup", 5);
        int duration = optInt("duration", 10);
        URI uri = uri("static", "http://127.0.0.1:18300/v1/chat/completions");
        try (StreamingClient c = newClient()) {
            long len = probe(c, uri, CHAT, false).bytes;
            Load load = new Load(c, uri, HEADERS, CHAT, len);
            load.start(conc, 0, 0);
            Thread.sleep(warmup * 1000L);
            load.swap();
            double cpu0 = Proc.cpuSeconds();
            long t0 = System.nanoTime();
            Thread.sleep(duration * 500L);
            putThreads("");
            Thread.sleep(duration * 500L);
            Load.Window w = load.swap();
            double secs = (System.nanoTime() - t0) / 1e9;
            double cpu = Proc.cpuSeconds() - cpu0;
            long n = w.ok.sum();
            out.put("conc", conc);
            out.put("seconds", r2(secs));
            out.put("requests", n);
            out.put("rps", Math.round(n / secs));
            out.put("p50_ms", r2(w.hist.percentileMs(50)));
            out.put("p99_ms", r2(w.hist.percentileMs(99)));
            out.put("cpu_us_per_req", n == 0 ? null : r2(cpu * 1e6 / n));
            out.put("cpu_util", r2(cpu / secs));
            out.put("errors", w.errors.sum());
            out.put("first_error", load.firstError.get());
            out.put("rss_mb", r2(Proc.rssMb()));
            out.put("connections", Proc.tcp(uri.getPort()).clientEstablished);
            out.put("callback_threads", new TreeMap<>(load.callbackThreads).keySet().toString());
            load.stop();
        }
    }

    // ------------------------------------------------------------------------------------------
    // (b) many concurrent 2 s SSE streams, closed loop
    private void streams() throws Exception {
        int conc = optInt("conc", 1000);
        int warmup = optInt("warmup", 5);
        int duration = optInt("duration", 15);
        URI uri = uri("stream", "http://127.0.0.1:18301/v1/chat/completions");
        try (StreamingClient c = newClient()) {
            long len = probe(c, uri, STREAM_CHAT, true).bytes;
            out.put("stream_bytes", len);
            Load load = new Load(c, uri, HEADERS, STREAM_CHAT, len);
            load.start(conc, 100, 25);              // ramp: 100 every 25 ms (4,000 in 1 s)
            Thread.sleep(warmup * 1000L);
            Load.Window warm = load.swap();
            double cpu0 = Proc.cpuSeconds();
            long t0 = System.nanoTime();
            Thread.sleep(duration * 500L);
            putThreads("mid_");
            Thread.sleep(duration * 500L);
            Load.Window w = load.swap();
            double secs = (System.nanoTime() - t0) / 1e9;
            double cpu = Proc.cpuSeconds() - cpu0;
            // at the end, with the streams still open
            putThreads("");
            out.put("rss_mb", r2(Proc.rssMb()));
            out.put("heap_used_mb", r2(Proc.heapUsedMb()));
            out.put("heap_committed_mb", r2(Proc.heapCommittedMb()));
            out.put("direct_mb", r2(Proc.directMb()));
            Proc.Tcp tcp = Proc.tcp(uri.getPort());
            out.put("connections", tcp.clientEstablished);
            out.put("heap_live_mb", r2(Proc.heapLiveMb()));   // after a full GC: retained per stream
            long n = w.ok.sum();
            out.put("conc", conc);
            out.put("seconds", r2(secs));
            out.put("streams", n);
            out.put("streams_per_s", r2(n / secs));
            out.put("ideal_per_s", conc / 2.0);
            out.put("p50_ms", r2(w.hist.percentileMs(50)));
            out.put("p99_ms", r2(w.hist.percentileMs(99)));
            out.put("max_ms", r2(w.hist.maxMs()));
            out.put("errors", w.errors.sum());
            out.put("warmup_errors", warm.errors.sum());
            out.put("first_error", load.firstError.get());
            out.put("cpu_util", r2(cpu / secs));
            out.put("cpu_us_per_stream", n == 0 ? null : r2(cpu * 1e6 / n));
            out.put("callback_threads", new TreeMap<>(load.callbackThreads).keySet().toString());
            load.stop();
        }
    }

    // ------------------------------------------------------------------------------------------
    // (c) first-chunk latency and chunk timing at concurrency 1
    private void latency() throws Exception {
        int n = optInt("n", 50);
        int warm = optInt("warm", 20);
        URI uri = uri("fast", "http://127.0.0.1:18301/fast/v1/chat/completions");
        List<double[]> runs = new ArrayList<>();
        try (StreamingClient c = newClient()) {
            probe(c, uri, STREAM_CHAT, true);
            for (int i = 0; i < warm + n; i++) {
                Collect r = Collect.post(c, uri, HEADERS, STREAM_CHAT, false);
                if (!r.await(10_000) || !r.ok(-1)) {
                    throw new IllegalStateException("request " + i + " failed: " + r.describe());
                }
                if (i >= warm) {
                    runs.add(r.eventNanos.stream().mapToDouble(x -> x / 1e6).toArray());
                }
            }
            putThreads("");
        }
        latencyReport(runs);
    }

    private void latencyReport(List<double[]> runs) {
        List<Double> first = new ArrayList<>();
        List<Double> span = new ArrayList<>();
        List<Double> gaps = new ArrayList<>();
        int events = -1;
        for (double[] ev : runs) {
            first.add(ev[0]);
            span.add(ev[ev.length - 1] - ev[0]);
            for (int i = 2; i < ev.length - 2; i++) {   // content events (skip role and usage/[DONE])
                gaps.add(ev[i] - ev[i - 1]);
            }
            events = ev.length;
        }
        out.put("requests", runs.size());
        out.put("events_per_stream", events);
        out.put("first_event_p50_ms", r2(pct(first, 50) * 1000) / 1000);
        out.put("first_event_p50_us", Math.round(pct(first, 50) * 1000));
        out.put("first_event_p90_us", Math.round(pct(first, 90) * 1000));
        out.put("first_event_max_us", Math.round(pct(first, 100) * 1000));
        out.put("gap_p50_ms", r2(pct(gaps, 50)));
        out.put("gap_p99_ms", r2(pct(gaps, 99)));
        out.put("span_p50_ms", r2(pct(span, 50)));
    }

    private static double pct(List<Double> xs, double p) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int i = (int) Math.ceil(p / 100.0 * s.size()) - 1;
        return s.get(Math.max(0, Math.min(i, s.size() - 1)));
    }

    /** The floor: a blocking socket, keep-alive, TCP_NODELAY, parsing just enough of HTTP/1.1. */
    private void latencyRaw() throws Exception {
        int n = optInt("n", 50);
        int warm = optInt("warm", 20);
        URI uri = uri("fast", "http://127.0.0.1:18301/fast/v1/chat/completions");
        out.put("config", "blocking java.net.Socket, keep-alive, TCP_NODELAY (reference, not a candidate)");
        byte[] req = ("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + STREAM_CHAT.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        List<double[]> runs = new ArrayList<>();
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
            InputStream in = s.getInputStream();
            OutputStream o = s.getOutputStream();
            byte[] buf = new byte[65536];
            for (int i = 0; i < warm + n; i++) {
                long t0 = System.nanoTime();
                o.write(req);
                o.write(STREAM_CHAT);
                o.flush();
                List<Double> ev = new ArrayList<>();
                int last = -1;
                // state: wait for end of head, then scan for "\n\n" (events) until "\r\n0\r\n\r\n"
                StringBuilder tail = new StringBuilder();
                boolean inBody = false;
                int head = 0;
                outer:
                for (;;) {
                    int r = in.read(buf);
                    if (r < 0) {
                        throw new IllegalStateException("upstream closed");
                    }
                    double now = (System.nanoTime() - t0) / 1e6;
                    for (int k = 0; k < r; k++) {
                        int b = buf[k];
                        if (!inBody) {
                            head = (b == '\r' || b == '\n') ? head + 1 : 0;
                            if (head == 4) {
                                inBody = true;
                            }
                            continue;
                        }
                        if (b == '\n' && last == '\n') {
                            ev.add(now);
                        }
                        last = b;
                        tail.append((char) b);
                        if (tail.length() > 7) {
                            tail.deleteCharAt(0);
                        }
                        if (tail.toString().equals("\r\n0\r\n\r\n")) {
                            break outer;
                        }
                    }
                }
                if (i >= warm) {
                    runs.add(ev.stream().mapToDouble(Double::doubleValue).toArray());
                }
            }
        }
        latencyReport(runs);
    }

    // ------------------------------------------------------------------------------------------
    // (d) back-pressure: one of 100 streams stops demanding for a while
    private void backpressure() throws Exception {
        int others = optInt("others", 99);
        int stall = optInt("stall", 5);
        URI uri = uri("stream", "http://127.0.0.1:18301/v1/chat/completions");
        URI big = uri("big", "http://127.0.0.1:18301/big/v1/chat/completions");
        try (StreamingClient c = newClient()) {
            long len = probe(c, uri, STREAM_CHAT, true).bytes;
            long bigLen = probeOutsideClient(big);        // not through c: keep its pool free of it
            out.put("big_bytes", bigLen);
            Load load = new Load(c, uri, HEADERS, STREAM_CHAT, len);
            load.start(others, 0, 0);
            Thread.sleep(3000);
            load.swap();
            Thread.sleep(2500);
            Load.Window before = load.swap();          // 2.5 s of the others, nothing stalled

            Collect s = new Collect(false);
            s.stallAfterBytes = 1 << 20;                // read 1 MiB, then stop demanding
            s.ex = c.post(big, HEADERS, STREAM_CHAT, s);
            s.ex.demand();
            long waitStart = System.nanoTime();
            while (!s.stalled) {
                if (System.nanoTime() - waitStart > 10_000_000_000L) {
                    throw new IllegalStateException("big stream never reached 1 MiB: " + s.describe());
                }
                Thread.sleep(1);
            }
            long st0 = System.nanoTime();
            load.swap();
            Thread.sleep(200);                          // let what was in flight settle
            Map<Integer, long[]> ss0 = Proc.ssReceived(big.getPort());
            double heap0 = Proc.heapLiveMb();
            double direct0 = Proc.directMb();
            double rss0 = Proc.rssMb();
            long bytes0 = s.bytes;
            long calls0 = s.dataCalls;
            List<Double> heapSamples = new ArrayList<>();
            heapSamples.add(heap0);
            while ((System.nanoTime() - st0) / 1_000_000 < stall * 1000L - 700) {
                Thread.sleep(1000);
                heapSamples.add(Proc.heapLiveMb());
            }
            Proc.Tcp tcp = Proc.tcp(big.getPort());
            Map<Integer, long[]> ss1 = Proc.ssReceived(big.getPort());
            double heap1 = Proc.heapLiveMb();
            heapSamples.add(heap1);
            double direct1 = Proc.directMb();
            double rss1 = Proc.rssMb();
            long bytes1 = s.bytes;
            long calls1 = s.dataCalls;
            Thread.sleep(Math.max(0, stall * 1000L - (System.nanoTime() - st0) / 1_000_000));
            Load.Window during = load.swap();
            long r0 = System.nanoTime();
            s.resume();
            boolean finished = s.await(60_000);
            double drainMs = (System.nanoTime() - r0) / 1e6;
            load.stop();

            out.put("stall_s", stall);
            out.put("stalled_at_bytes", bytes0);
            out.put("data_calls_while_stalled", calls1 - calls0);
            out.put("bytes_while_stalled", bytes1 - bytes0);
            // The stalled stream's connection: the one that had received the most at stall start
            // (it read 1 MiB; the others carry a few KiB per 2 s stream).
            int stalledPort = -1;
            long most = -1;
            for (Map.Entry<Integer, long[]> e : ss0.entrySet()) {
                if (e.getValue()[0] > most) {
                    most = e.getValue()[0];
                    stalledPort = e.getKey();
                }
            }
            long[] a0 = ss0.get(stalledPort);
            long[] a1 = ss1.get(stalledPort);
            out.put("stalled_conn_received_at_stall_kb", a0 == null ? null : a0[0] / 1024);
            if (a0 != null && a1 != null) {
                // bytes the library took out of the socket during the stall (none reached onData)
                out.put("stalled_conn_lib_read_during_stall_kb", ((a1[0] - a1[1]) - (a0[0] - a0[1])) / 1024);
                out.put("stalled_conn_kernel_recvq_kb", a1[1] / 1024);
                out.put("stalled_conn_received_kb", a1[0] / 1024);
                // held inside the library: taken from the socket but not given to onData
                out.put("lib_buffered_kb", (a1[0] - a1[1] - bytes1) / 1024);
            }
            out.put("heap_live_growth_mb", r2(heap1 - heap0));
            out.put("heap_live_samples_mb", heapSamples.stream().map(x -> String.valueOf(r2(x))).toList().toString());
            out.put("direct_growth_mb", r2(direct1 - direct0));
            out.put("rss_growth_mb", r2(rss1 - rss0));
            out.put("kernel_client_rx_max_kb", tcp.clientRxMax / 1024);
            out.put("kernel_server_tx_max_kb", tcp.serverTxMax / 1024);
            out.put("stalled_completed", finished && s.ok(bigLen));
            out.put("stalled_result", s.describe());
            out.put("drain_after_resume_ms", r2(drainMs));
            out.put("others_before_p50_ms", r2(before.hist.percentileMs(50)));
            out.put("others_before_p99_ms", r2(before.hist.percentileMs(99)));
            out.put("others_during_n", during.ok.sum());
            out.put("others_during_p50_ms", r2(during.hist.percentileMs(50)));
            out.put("others_during_p99_ms", r2(during.hist.percentileMs(99)));
            out.put("others_during_max_ms", r2(during.hist.maxMs()));
            out.put("others_errors", before.errors.sum() + during.errors.sum());
            out.put("first_error", load.firstError.get());
        }
    }

    /** Length of a response read with HttpURLConnection (a probe that is none of the candidates). */
    private static long probeOutsideClient(URI uri) throws Exception {
        java.net.HttpURLConnection u = (java.net.HttpURLConnection) uri.toURL().openConnection();
        u.setRequestMethod("POST");
        u.setDoOutput(true);
        u.setRequestProperty("Content-Type", "application/json");
        u.setRequestProperty("Connection", "close");
        u.getOutputStream().write(STREAM_CHAT);
        if (u.getResponseCode() != 200) {
            throw new IllegalStateException("probe " + uri + " -> " + u.getResponseCode());
        }
        long n = 0;
        try (InputStream in = u.getInputStream()) {
            byte[] b = new byte[65536];
            int r;
            while ((r = in.read(b)) > 0) {
                n += r;
            }
        }
        u.disconnect();
        return n;
    }

    // ------------------------------------------------------------------------------------------
    // (e) cancel mid-stream closes the upstream connection; the pool stays healthy
    private void cancel() throws Exception {
        int n = optInt("n", 10);
        URI uri = uri("stream", "http://127.0.0.1:18301/v1/chat/completions");
        int port = uri.getPort();
        List<Double> clientClose = new ArrayList<>();
        List<Double> serverClose = new ArrayList<>();
        int notClosed = 0;
        int followUpFailures = 0;
        long dataAfterCancel = 0;
        int terminalAfterCancel = 0;
        String firstProblem = null;
        try (StreamingClient c = newClient()) {
            long len = probe(c, uri, STREAM_CHAT, true).bytes;
            Thread.sleep(50);
            out.put("connections_after_probe", Proc.tcp(port).clientEstablished);
            for (int i = 0; i < n; i++) {
                Collect s = Collect.post(c, uri, HEADERS, STREAM_CHAT, false);
                long w0 = System.nanoTime();
                while (s.eventNanos.size() < 5 && System.nanoTime() - w0 < 3_000_000_000L) {
                    Thread.sleep(1);
                }
                int fdsBefore = Proc.socketFds();
                Proc.Tcp before = Proc.tcpServerSide(port);
                int serverBefore = before.serverEstablished + before.serverCloseWait;
                s.cancelled = true;
                long t0 = System.nanoTime();
                s.ex.cancel();
                double cMs = -1;
                double sMs = -1;
                long lastServerPoll = 0;
                // client side: our socket fd closes (polled ~every 0.1 ms); upstream side: nginx's
                // socket leaves ESTABLISHED/CLOSE_WAIT in /proc/net/tcp (a read costs ~5 ms here)
                while (System.nanoTime() - t0 < 2_000_000_000L && (cMs < 0 || sMs < 0)) {
                    if (cMs < 0 && Proc.socketFds() < fdsBefore) {
                        cMs = (System.nanoTime() - t0) / 1e6;
                    }
                    if (sMs < 0 && System.nanoTime() - lastServerPoll > 2_000_000L) {
                        Proc.Tcp now = Proc.tcpServerSide(port);
                        lastServerPoll = System.nanoTime();
                        if (now.serverEstablished + now.serverCloseWait < serverBefore) {
                            sMs = (lastServerPoll - t0) / 1e6;
                        }
                    }
                }
                if (cMs < 0) {
                    notClosed++;
                    if (firstProblem == null) {
                        firstProblem = "cancel " + i + ": the client's socket still open after 2 s (upstream: "
                                + before + ")";
                    }
                } else {
                    clientClose.add(cMs);
                }
                if (sMs >= 0) {
                    serverClose.add(sMs);
                }
                Thread.sleep(150);
                dataAfterCancel += s.dataAfterCancel;
                if (s.done.getCount() == 0) {
                    terminalAfterCancel++;
                }
                // the pool must hand out a working connection next
                Collect f = Collect.post(c, uri, HEADERS, STREAM_CHAT, false);
                if (!f.await(10_000) || !f.ok(len)) {
                    followUpFailures++;
                    if (firstProblem == null) {
                        firstProblem = "follow-up after cancel " + i + ": " + f.describe();
                    }
                }
            }
            Thread.sleep(100);
            out.put("connections_at_end", Proc.tcp(port).clientEstablished);
            putThreads("");
        }
        out.put("cancels", n);
        out.put("client_close_p50_ms", r2(pct(clientClose, 50)));
        out.put("client_close_max_ms", r2(pct(clientClose, 100)));
        out.put("not_closed_within_2s", notClosed);
        out.put("closed_within_100ms", clientClose.stream().filter(x -> x <= 100).count());
        out.put("upstream_closed", serverClose.size());
        out.put("upstream_close_p50_ms", r2(pct(serverClose, 50)));
        out.put("upstream_close_max_ms", r2(pct(serverClose, 100)));
        out.put("data_after_cancel", dataAfterCancel);
        out.put("terminal_callbacks_after_cancel", terminalAfterCancel);
        out.put("follow_up_failures", followUpFailures);
        out.put("first_problem", firstProblem);
    }
}
