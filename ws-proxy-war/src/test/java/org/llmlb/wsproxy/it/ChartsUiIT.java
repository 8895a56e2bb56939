package org.llmlb.wsproxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmlb.testsupport.HeadlessChrome;
import org.openqa.selenium.WebDriver;

/**
 * The producer's charts in headless Chromium, each test with a fresh page and its own card
 * against the simulator: hover values, legend toggles, zoom, a finished run's histograms, and
 * the simulator's own gauges (running, waiting, KV cache) on the run's timeline.
 */
class ChartsUiIT {

    static final Path SHOTS = Path.of("target", "screenshots");
    static final Duration RUN = Duration.ofSeconds(60);

    static Servers servers;
    static WebDriver driver;
    ProducerPage page;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(HeadlessChrome.available(), HeadlessChrome.REQUIRES);
        servers = Servers.shared();
        driver = HeadlessChrome.start();
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
    }

    @BeforeEach
    void openPage() {
        page = new ProducerPage(driver, servers).open();
    }

    @Test
    void hoverShowsValuesTheLegendHidesASeriesAndDraggingZoomsIntoATimeRange() throws Exception {
        ProducerPage.Card card = page.simulatorCard("hover-it", "ttft_ms=20;tps=200;tokens=8;seed=11")
                .type("profile.concurrency", "2").type("duration_seconds", "30").start();
        ProducerPage.Chart requests = page.chart("requests");
        page.await(Duration.ofSeconds(30), "a few seconds of requests drawn",
                d -> requests.shown() && requests.max() > 0 && page.chart("ttft").max() > 0);
        page.await(Duration.ofSeconds(10), "five seconds on the chart", d -> {
            requests.hover(0.995);
            return !requests.legend().getOrDefault("hover-it completed", "–").equals("–");
        });

        // hovering a second with data shows each series' value in the legend
        assertThat(Double.parseDouble(requests.legend().get("hover-it completed"))).isPositive();
        assertThat(requests.legend()).containsKey("hover-it offered");
        page.screenshot(SHOTS.resolve("charts-hover.png"), "#charts");

        // a legend click hides that series, a second shows it again
        requests.toggle("hover-it offered");
        assertThat(requests.hidden()).containsExactly("hover-it offered");
        // the next second's data keeps it hidden
        int drawn = requests.drawn();
        page.await(Duration.ofSeconds(10), "the chart redrawn with new data", d -> requests.drawn() > drawn);
        assertThat(requests.hidden()).containsExactly("hover-it offered");

        // dragging across the last third zooms the x axis into it; new data does not undo the zoom
        double whole = requests.xSpan();
        assertThat(whole).as("a young run's chart spans its last 30 s").isBetween(28.0, 120.0);
        requests.drag(0.6, 0.95);
        double zoomed = requests.xSpan();
        assertThat(zoomed).isLessThan(whole * 0.5);
        int beforeRedraw = requests.drawn();
        page.await(Duration.ofSeconds(10), "the chart redrawn with new data", d -> requests.drawn() > beforeRedraw);
        assertThat(requests.xSpan()).as("the zoom kept over a redraw").isEqualTo(zoomed);
        page.screenshot(SHOTS.resolve("charts-zoomed.png"), "#charts");
        requests.doubleClick();
        page.await(Duration.ofSeconds(5), "double-click zooms back out", d -> requests.xSpan() >= whole);
        requests.toggle("hover-it offered");
        assertThat(requests.hidden()).isEmpty();
        card.stop();
        page.awaitRunState("hover-it", "stopped", RUN);
    }

    @Test
    void aFinishedRunShowsItsTtftItlAndEndToEndHistograms() throws Exception {
        page.simulatorCard("hist-it", "ttft_ms=30;tps=100;tokens=6;seed=12")
                .type("profile.concurrency", "3").type("request_count", "30").type("duration_seconds", "60").start();
        page.awaitRunState("hist-it", "finished", RUN);
        page.await(Duration.ofSeconds(10), "the histograms of the finished run",
                d -> page.data("#histograms-pane", "run").length() > 0
                        && page.data("figure[data-histogram='e2e_ms']", "total").equals("30"));
        assertThat(page.js("return document.getElementById('histograms-title').textContent")).asString()
                .isEqualTo("Latency histograms: hist-it (finished)");
        assertThat(page.data("figure[data-histogram='ttft_ms']", "total")).isEqualTo("30");
        // 6 tokens: 5 gaps per request
        assertThat(page.data("figure[data-histogram='itl_ms']", "total")).isEqualTo("150");
        ProducerPage.Chart ttft = page.figure("figure[data-histogram='ttft_ms']");
        assertThat(ttft.shown()).isTrue();
        // the bars sit around the simulator's 30 ms
        page.await(Duration.ofSeconds(5), "a hovered bar's count", d -> {
            for (double x = 0.02; x < 1; x += 0.02) {
                ttft.hover(x);
                if (!ttft.legend().getOrDefault("requests", "–").matches("–|0")) {
                    return true;
                }
            }
            return false;
        });
        page.screenshot(SHOTS.resolve("charts-histograms.png"), "#histograms-pane");
    }

    @Test
    void theSimulatorsRunningWaitingAndKvCacheGaugesAppearOnTheRunsTimeline() throws Exception {
        // two sequences at a time, six asked for: four wait
        page.simulatorCard("signals-it", "ttft_ms=200;tps=20;tokens=20;max_num_seqs=2;kv_cache_tokens=2000;seed=13")
                .type("profile.concurrency", "6").type("duration_seconds", "8").start();
        ProducerPage.Chart load = page.chart("server-load");
        page.await(Duration.ofSeconds(30), "the simulator's running and waiting requests on the timeline",
                d -> load.shown() && load.max() >= 4);
        assertThat(load.legend()).containsKeys("signals-it running", "signals-it waiting");
        ProducerPage.Chart kv = page.chart("server-kv");
        page.await(Duration.ofSeconds(10), "the KV cache in use", d -> kv.shown() && kv.max() > 0);
        assertThat(kv.max()).isLessThanOrEqualTo(100);
        page.awaitRunState("signals-it", "finished", RUN);
        assertThat(page.detailsText("signals-it", ".signals-note")).isEmpty();
        page.screenshot(SHOTS.resolve("charts-server-signals.png"), "#charts figure[data-chart='server-load']");
    }

    @Test
    void aSignalsSourceThatFailsIsNotedAndTheRunFinishes() throws Exception {
        page.simulatorCard("no-signals-it", "ttft_ms=10;tokens=4;seed=14")
                .type("signals_url", servers.uri("/sim/nothing-here/metrics").toString())
                .type("profile.concurrency", "1").type("duration_seconds", "3").start();
        // the source is first read a second into the run
        page.await(Duration.ofSeconds(10), "a note on the run's row",
                d -> page.detailsText("no-signals-it", ".signals-note").contains("HTTP 404"));
        page.awaitRunState("no-signals-it", "finished", RUN);
        assertThat(page.chart("server-load").shown()).isFalse();
        page.screenshot(SHOTS.resolve("charts-signals-note.png"), "#runs");
    }
}
