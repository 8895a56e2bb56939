package org.llmlb.balancer.models.control;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.llmlb.balancer.Balancer;
import org.llmlb.balancer.health.control.Causes;
import org.llmlb.balancer.routing.entity.Upstream;
import org.llmlb.client.http.Exchange;
import org.llmlb.client.http.ResponseHead;
import org.llmlb.client.http.ResponseListener;
import org.llmlb.client.http.UpstreamClient;
import org.llmlb.client.http.UpstreamRequest;

/**
 * One {@code GET} on the upstream client ({@code base_url/models}, or vLLM's {@code /load}): collects the answer (up to
 * {@link #MAX_BYTES}) on the I/O thread and reports it exactly once, as an answer, a failure or
 * a timeout, to {@code done} (which must not block: it hands the work on).
 */
final class ModelsCall implements ResponseListener {

    static final int MAX_BYTES = 8 * 1024 * 1024;

    /** What came back: a status and body, or no answer with the kind and detail of the failure. */
    record Outcome(int status, String contentType, byte[] body, String kind, String detail) {

        boolean answered() {
            return status > 0;
        }
    }

    private final Consumer<Outcome> done;
    private final AtomicBoolean reported = new AtomicBoolean();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private ResponseHead head;
    private volatile Exchange exchange;

    ModelsCall(Consumer<Outcome> done) {
        this.done = done;
    }

    void started(Exchange exchange) {
        this.exchange = exchange;
    }

    /**
     * Sends {@code get} on {@code client}; its outcome goes to {@code done} on {@code scheduler},
     * and a timeout after {@code timeoutMillis}.
     */
    static void send(UpstreamClient client, UpstreamRequest get, ScheduledExecutorService scheduler, long timeoutMillis,
                     Consumer<Outcome> done) {
        ModelsCall call = new ModelsCall(outcome -> scheduler.execute(() -> done.accept(outcome)));
        Exchange exchange = client.exchange(get, call);
        call.started(exchange);
        exchange.start();
        scheduler.schedule(() -> call.timeout(timeoutMillis), timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** JSON asked for, the balancer named, the endpoint's API key when it has one. */
    static String[] headers(Upstream upstream) {
        String key = upstream.apiKey();
        return key != null && !key.isEmpty()
                ? new String[]{"Accept", "application/json", "User-Agent", Balancer.USER_AGENT, "Authorization", "Bearer " + key}
                : new String[]{"Accept", "application/json", "User-Agent", Balancer.USER_AGENT};
    }

    @Override
    public void head(ResponseHead head) {
        this.head = head;
    }

    @Override
    public void content(ByteBuffer content) {
        int n = Math.min(content.remaining(), MAX_BYTES - body.size());
        byte[] bytes = new byte[n];
        content.get(bytes);
        body.write(bytes, 0, n);
        if (body.size() >= MAX_BYTES) {
            cancel("too_large", "a model list of more than " + MAX_BYTES + " bytes");
        }
    }

    @Override
    public void end() {
        report(new Outcome(head.status(), head.header("content-type"), body.toByteArray(), null, null));
    }

    @Override
    public void failed(Throwable error) {
        Causes.Cause cause = Causes.of(error);
        report(new Outcome(0, null, null, cause.kind(), cause.detail()));
    }

    /** From the scheduler: no whole answer in time. */
    void timeout(long millis) {
        cancel("timeout", "no answer within " + millis + " ms");
    }

    private void cancel(String kind, String detail) {
        Exchange x = exchange;
        if (x != null) {
            x.cancel();
        }
        report(new Outcome(0, null, null, kind, detail));
    }

    private void report(Outcome outcome) {
        if (reported.compareAndSet(false, true)) {
            done.accept(outcome);
        }
    }
}
