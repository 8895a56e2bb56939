package org.llmlb.wsproxy.engine.control;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.llmlb.client.http.Exchange;
import org.llmlb.client.http.ResponseHead;
import org.llmlb.client.http.ResponseListener;
import org.llmlb.client.http.UpstreamClient;
import org.llmlb.client.http.UpstreamRequest;
import org.llmlb.wsproxy.engine.entity.Card;
import org.llmlb.wsproxy.engine.entity.ServerSignals;
import org.llmlb.wsproxy.engine.entity.SignalSample;

/**
 * Reads the target's Prometheus page about once a second while a run lasts, with the engine's
 * non-blocking client: the scheduler thread only starts a GET, the answer is read on an I/O
 * thread, and a read still open when the next is due is skipped (or, past a few seconds,
 * given up), so a slow source never holds a thread or piles up requests. A source that fails
 * leaves a note; the run goes on.
 */
public final class SignalSampler {

    /** About six hours of samples; past it the run keeps its first ones. */
    static final int MAX_SAMPLES = 6 * 3600;
    static final int MAX_BYTES = 4 * 1024 * 1024;
    private static final long GIVE_UP_NANOS = 5_000_000_000L;
    private static final String[] HEADERS = {"Accept", "text/plain", "User-Agent", "llmlb-load-producer"};

    private final URI source;
    private final LongSupplier nanos;
    private final List<SignalSample> samples = Collections.synchronizedList(new ArrayList<>());
    private volatile String note;
    private volatile SignalSample latest;
    private volatile ScheduledFuture<?> ticks;
    private volatile Exchange open;
    private volatile long openSince;
    /** I/O threads, one answer at a time: the counters of the previous answer, for rates. */
    private Map<String, Double> lastCounters = Map.of();
    private long lastCountersNanos;
    private long startNanos;

    SignalSampler(URI source, LongSupplier nanos) {
        this.source = source;
        this.nanos = nanos;
    }

    /**
     * Where a card's signals are read: its {@code signals_url}, else the {@code /metrics} beside
     * its base URL (a base ending in {@code /v1} loses it: {@code http://h:8090/v1} →
     * {@code http://h:8090/metrics}, {@code …/sim/fast/v1} → {@code …/sim/fast/metrics}). Null
     * when neither makes a URL.
     */
    public static URI source(Card card) {
        try {
            if (card.signalsUrl() != null) {
                return URI.create(card.signalsUrl());
            }
            if (card.baseUrl() == null) {
                return null;
            }
            URI base = URI.create(card.baseUrl());
            String path = base.getRawPath() == null ? "" : base.getRawPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            if (path.endsWith("/v1")) {
                path = path.substring(0, path.length() - 3);
            }
            return new URI(base.getScheme(), base.getRawAuthority(), null, null, null).resolve(path + "/metrics");
        } catch (IllegalArgumentException | URISyntaxException e) {
            return null;
        }
    }

    public void start(UpstreamClient client, ScheduledExecutorService scheduler) {
        if (source == null) {
            note = "no signal source: set the card's signals_url";
            return;
        }
        startNanos = nanos.getAsLong();
        try {
            // the first read a second in, not beside the run's first requests
            ticks = scheduler.scheduleWithFixedDelay(() -> tick(client), 1, 1, TimeUnit.SECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            note = "signals not read: the engine is shutting down";
        }
    }

    public void stop() {
        ScheduledFuture<?> t = ticks;
        if (t != null) {
            t.cancel(false);
        }
        Exchange e = open;
        if (e != null) {
            e.cancel();
        }
    }

    public ServerSignals signals() {
        List<SignalSample> copy;
        synchronized (samples) {
            copy = List.copyOf(samples);
        }
        return new ServerSignals(source == null ? null : source.toString(), note, copy);
    }

    /** The newest sample, for the live channel; null before the first. */
    public SignalSample latest() {
        return latest;
    }

    public String note() {
        return note;
    }

    /** Scheduler thread. */
    void tick(UpstreamClient client) {
        long now = nanos.getAsLong();
        Exchange busy = open;
        if (busy != null) {
            if (now - openSince > GIVE_UP_NANOS) {
                busy.cancel();
                open = null;
                note = "signals from " + source + ": no answer within 5 s";
            }
            return;
        }
        UpstreamRequest request;
        try {
            request = UpstreamRequest.get(source, "", HEADERS, true);
        } catch (IllegalArgumentException e) {
            note = "signals from " + source + ": not a URL the engine can read";
            stop();
            return;
        }
        openSince = now;
        Exchange exchange = client.exchange(request, new Answer());
        open = exchange;
        exchange.start();
    }

    /** I/O thread: one whole page read. */
    void page(String text, long at) {
        Map<String, Double> read = PrometheusText.read(text);
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, Double> counters = new LinkedHashMap<>();
        read.forEach((key, v) -> {
            if (key.startsWith(PrometheusText.REQUESTS + "/") || key.startsWith(PrometheusText.FAILURES + "/")) {
                counters.put(key, v);
            } else {
                values.put(key, v);
            }
        });
        double seconds = (at - lastCountersNanos) / 1e9;
        if (!lastCounters.isEmpty() && seconds > 0) {
            counters.forEach((key, v) -> {
                Double before = lastCounters.get(key);
                if (before != null && v >= before) {
                    String rate = key.replace("_total/", "_per_second/");
                    values.put(rate, Math.round((v - before) / seconds * 100) / 100.0);
                }
            });
        }
        lastCounters = counters;
        lastCountersNanos = at;
        if (read.isEmpty()) {
            note = "signals from " + source + ": no vLLM or balancer metrics on the page";
            return;
        }
        note = null;
        SignalSample sample = new SignalSample(Math.round((at - startNanos) / 1e6) / 1e3, values);
        latest = sample;
        if (samples.size() < MAX_SAMPLES) {
            samples.add(sample);
        }
    }

    private final class Answer implements ResponseListener {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private int status;
        private boolean tooLarge;

        @Override
        public void head(ResponseHead head) {
            status = head.status();
        }

        @Override
        public void content(ByteBuffer content) {
            if (body.size() + content.remaining() > MAX_BYTES) {
                tooLarge = true;
                content.position(content.limit());
                return;
            }
            byte[] bytes = new byte[content.remaining()];
            content.get(bytes);
            body.write(bytes, 0, bytes.length);
        }

        @Override
        public void end() {
            try {
                if (status != 200) {
                    note = "signals from " + source + ": HTTP " + status;
                } else if (tooLarge) {
                    note = "signals from " + source + ": page over 4 MiB";
                } else {
                    page(body.toString(StandardCharsets.UTF_8), nanos.getAsLong());
                }
            } finally {
                // written last: the next tick, reading it, sees this answer's counters whichever I/O thread read it
                open = null;
            }
        }

        @Override
        public void failed(Throwable error) {
            note = "signals from " + source + ": " + ErrorText.failure(error, 0).errorMessage();
            open = null;
        }
    }
}
