package org.llmlb.wsproxy.engine.control;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

import org.llmlb.client.http.UpstreamClient;

/**
 * What every run shares: the non-blocking client (a fixed number of I/O threads however many
 * requests are open), one scheduler thread that sends each arrival at its time and times out
 * answers, and the meter of those threads' CPU.
 */
public record Engine(UpstreamClient client, ScheduledExecutorService scheduler, EngineCpu cpu,
                     Duration requestTimeout) {
}
