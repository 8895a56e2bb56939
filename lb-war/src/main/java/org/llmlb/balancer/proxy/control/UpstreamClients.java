package org.llmlb.balancer.proxy.control;

import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The HTTP clients that talk to endpoints: one verifying TLS, one for endpoints with
 * {@code verify_tls=false}. Stream chunks are written to the client on the executor's threads,
 * so it must not be the server's request pool.
 */
@ApplicationScoped
public class UpstreamClients {

    private ExecutorService executor;
    private ScheduledThreadPoolExecutor timers;
    private HttpClient verifying;
    private HttpClient trusting;

    @PostConstruct
    void start() {
        executor = new ThreadPoolExecutor(4, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemonThreads("lb-upstream"));
        timers = new ScheduledThreadPoolExecutor(1, daemonThreads("lb-timeouts"));
        timers.setRemoveOnCancelPolicy(true);
        verifying = builder().build();
        trusting = builder().sslContext(trustAll()).build();
    }

    private HttpClient.Builder builder() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(executor);
    }

    public HttpClient client(boolean verifyTls) {
        return verifyTls ? verifying : trusting;
    }

    /** For other clients (model discovery) of endpoints with {@code verify_tls=false}. */
    public SSLContext trustingContext() {
        return trustAll();
    }

    public ScheduledExecutorService timers() {
        return timers;
    }

    @PreDestroy
    void stop() {
        timers.shutdownNow();
        executor.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static SSLContext trustAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{new TrustingManager()}, new SecureRandom());
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("TLS unavailable", e);
        }
    }

    /** Accepts any certificate and any host name: only for endpoints whose operator turned verification off. */
    private static final class TrustingManager extends javax.net.ssl.X509ExtendedTrustManager implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
