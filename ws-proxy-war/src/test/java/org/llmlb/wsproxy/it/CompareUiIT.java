package org.llmlb.wsproxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmlb.testsupport.HeadlessChrome;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Runs compared in the browser: ticked in the run table, and "Balancer vs direct" on a card. */
class CompareUiIT {

    static final Path SHOTS = Path.of("target", "screenshots");
    static final String FAST = "ttft_ms=20;tps=200;tokens=8", SLOW = "ttft_ms=150;tps=100;tokens=8";

    static Servers servers;
    static WebDriver driver;
    static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(HeadlessChrome.available(), HeadlessChrome.REQUIRES);
        servers = Servers.shared();
        driver = HeadlessChrome.start();
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
    }

    @BeforeEach
    void freshPage() {
        // each test starts from nothing stored: one default card
        new ProducerPage(driver, servers).open();
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    static String simulator(String matrix) {
        return servers.uri("/sim/custom;" + matrix + "/v1").toString();
    }

    /** The n-th card (0-based) set up as a short closed-loop run against {@code baseUrl}. */
    static WebElement card(int n, String name, String baseUrl) {
        wait.until(d -> d.findElements(By.cssSelector("#cards .card")).size() > n);
        WebElement card = driver.findElements(By.cssSelector("#cards .card")).get(n);
        type(card, "name", name);
        type(card, "base_url", baseUrl);
        type(card, "model", "m");
        type(card, "profile.concurrency", "2");
        type(card, "duration_seconds", "3");
        return card;
    }

    static void type(WebElement card, String name, String value) {
        WebElement field = card.findElement(By.name(name));
        field.clear();
        field.sendKeys(value);
    }

    static List<String> texts(String css) {
        List<?> all = (List<?>) js("return [...document.querySelectorAll(arguments[0])].map(e => e.textContent.trim());", css);
        return all.stream().map(String::valueOf).toList();
    }

    /** The comparison cell of {@code metric} for the run in column {@code column} (0: the baseline). */
    static WebElement cell(String metric, int column) {
        return driver.findElement(By.cssSelector("#comparison tr[data-metric='" + metric + "']"))
                .findElements(By.cssSelector("td.compare-value")).get(column);
    }

    static double value(String metric, int column) {
        return Double.parseDouble(cell(metric, column).findElement(By.cssSelector(".value")).getText());
    }

    @Test
    void twoEndedRunsTickedInTheTableAreComparedWithTheSlowerOneMarkedWorse() throws Exception {
        card(0, "fast", simulator(FAST));
        driver.findElement(By.id("add-card")).click();
        card(1, "slow", simulator(SLOW));
        assertThat(driver.findElement(By.id("compare")).isEnabled()).isFalse();
        driver.findElement(By.id("start-all")).click();
        new WebDriverWait(driver, Duration.ofSeconds(60)).withMessage("both runs finish")
                .until(d -> texts("#runs tbody tr .metric.state").equals(List.of("finished", "finished")));

        List<WebElement> picks = driver.findElements(By.cssSelector("#runs .compare-select"));
        assertThat(picks).hasSize(2);
        picks.get(0).click();
        assertThat(driver.findElement(By.id("compare")).isEnabled()).as("one run is not a comparison").isFalse();
        driver.findElements(By.cssSelector("#runs .compare-select")).get(1).click();
        assertThat(driver.findElement(By.id("compare")).getText()).isEqualTo("Compare (2)");
        HeadlessChrome.screenshot(driver, SHOTS.resolve("compare-select.png"));
        driver.findElement(By.id("compare")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#comparison tr[data-metric='ttft_p50_ms']")).isEmpty());

        // the runs in the order they were started: the first started is the baseline
        List<String> heads = texts("#comparison th.compare-run b");
        String baseline = heads.get(0).startsWith("fast") ? "fast" : "slow";
        int slow = baseline.equals("fast") ? 1 : 0, fast = 1 - slow;
        assertThat(heads.get(0)).endsWith("(baseline)");
        assertThat(driver.findElement(By.id("comparison-title")).getText()).isEmpty();
        assertThat(texts("#comparison th.compare-run small")).anySatisfy(t -> assertThat(t).contains("ttft_ms=150"));
        assertThat(value("ttft_p50_ms", slow)).isGreaterThan(value("ttft_p50_ms", fast) + 100);
        WebElement diff = cell("ttft_p50_ms", 1).findElement(By.cssSelector(".diff"));
        assertThat(diff.getAttribute("class")).contains(baseline.equals("fast") ? "worse" : "better");
        assertThat(diff.getText()).startsWith(baseline.equals("fast") ? "+" : "−").contains("%");
        assertThat(cell("ttft_p50_ms", 0).findElements(By.cssSelector(".diff"))).as("no difference for the baseline").isEmpty();
        // the runs' per-second series overlaid, one line per run
        assertThat(driver.findElements(By.cssSelector("#comparison figure.compare-chart"))).hasSize(5);
        new WebDriverWait(driver, Duration.ofSeconds(10)).withMessage("the TTFT overlay drawn with a line per run")
                .until(d -> texts("#comparison figure.compare-chart[data-chart='ttft'] .u-legend .u-series .u-label").size() == 3);
        assertThat(texts("#comparison figure.compare-chart[data-chart='ttft'] .u-legend .u-series .u-label"))
                .containsExactlyInAnyOrder("since start", "fast", "slow");
        assertThat(texts("#comparison .compare-legend li")).containsExactlyInAnyOrder("fast", "slow");

        js("document.getElementById('comparison').scrollIntoView()");
        HeadlessChrome.screenshot(driver, SHOTS.resolve("compare.png"));

        assertThat(driver.findElement(By.id("comparison-report")).getAttribute("href"))
                .contains("/ws-proxy/api/runs/compare?ids=").endsWith("&format=html");

        // each ended run's row links its report
        String report = driver.findElement(By.cssSelector("#runs tbody tr a.report")).getAttribute("href");
        assertThat(report).matches(".*/ws-proxy/api/runs/[^/]+/report");
        driver.get(report);
        wait.until(d -> d.getTitle().startsWith("Run report: "));
        assertThat(driver.findElements(By.cssSelector("svg.chart"))).hasSize(4);
        assertThat(driver.findElements(By.cssSelector("svg.chart polyline"))).isNotEmpty();
        driver.manage().window().setSize(new Dimension(1400, 2200));
        try {
            HeadlessChrome.screenshot(driver, SHOTS.resolve("report.png"));
        } finally {
            driver.manage().window().setSize(new Dimension(1400, 900));
        }
    }

    @Test
    void balancerVsDirectRunsTheCardTwiceAndShowsWhatTheFirstTargetAdded() throws Exception {
        // the slow simulator stands in for a balancer in front of the fast one
        WebElement card = card(0, "through", simulator(SLOW));
        type(card, "direct_url", simulator(FAST));
        card.findElement(By.cssSelector(".versus")).click();
        wait.until(d -> card.findElement(By.cssSelector(".status")).getText().contains("1/2 balancer"));
        new WebDriverWait(driver, Duration.ofSeconds(60)).withMessage("the direct run follows")
                .until(d -> card.findElement(By.cssSelector(".status")).getText().contains("2/2 direct"));
        new WebDriverWait(driver, Duration.ofSeconds(60)).withMessage("the comparison opens after both runs")
                .until(d -> !d.findElements(By.cssSelector("#comparison tr[data-metric='e2e_p99_ms']")).isEmpty());

        assertThat(texts("#runs tbody tr .metric.name")).containsExactly("through (direct)", "through");
        assertThat(texts("#comparison th.compare-run b")).containsExactly("through (direct) (baseline)", "through");
        assertThat(driver.findElement(By.id("comparison-title")).getText()).startsWith("Balancer vs direct: what the balancer added");
        for (String metric : List.of("ttft_p50_ms", "ttft_p99_ms", "e2e_p50_ms", "e2e_p99_ms")) {
            WebElement diff = cell(metric, 1).findElement(By.cssSelector(".diff"));
            assertThat(diff.getAttribute("class")).as(metric).contains("worse");
            assertThat(diff.getText()).as(metric).startsWith("+");
        }
        assertThat(value("ttft_p50_ms", 1) - value("ttft_p50_ms", 0)).isGreaterThan(100);
        assertThat(card.findElement(By.cssSelector(".versus")).isEnabled()).isTrue();
        js("document.getElementById('comparison').scrollIntoView()");
        HeadlessChrome.screenshot(driver, SHOTS.resolve("balancer-vs-direct.png"));
    }
}
