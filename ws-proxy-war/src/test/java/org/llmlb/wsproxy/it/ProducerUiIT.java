package org.llmlb.wsproxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmlb.testsupport.HeadlessChrome;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The load producer UI in headless Chromium, driving a run through the balancer (its own server)
 * to two endpoints on the simulator, as a user load-tests a deployment.
 */
class ProducerUiIT {

    static final Path SHOTS = Path.of("target", "screenshots");
    static final String SERVER_LOAD_LABELS = "#charts figure[data-chart='server-load'] .u-legend .u-series .u-label";

    static Servers servers;
    static Balancer balancer;
    static WebDriver driver;
    static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(HeadlessChrome.available(), HeadlessChrome.REQUIRES);
        servers = Servers.shared();
        balancer = Balancer.start(servers);
        driver = HeadlessChrome.start();
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (balancer != null) {
            balancer.close();
        }
    }

    @BeforeEach
    void freshPage() {
        // each test starts from nothing stored (one default card), whichever ran before it
        new ProducerPage(driver, servers).open();
    }

    static void type(WebElement card, String name, String value) {
        WebElement field = card.findElement(By.name(name));
        field.clear();
        field.sendKeys(value);
    }

    static String text(String css) {
        // read in one script: the dashboard re-renders its rows every second
        Object text = ((JavascriptExecutor) driver).executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : '';", css);
        return String.valueOf(text);
    }

    /** The request log's X-LB-Endpoint column, found by its heading; one script, as for {@link #text}. */
    static List<String> loggedEndpoints() {
        List<?> cells = (List<?>) ((JavascriptExecutor) driver).executeScript("""
                const log = document.getElementById('request-log');
                const column = [...log.tHead.rows[0].cells].findIndex(th => th.textContent.trim() === 'X-LB-Endpoint');
                return column < 0 ? [] : [...log.tBodies[0].rows].map(tr => tr.cells[column]?.textContent.trim() ?? '');""");
        return cells.stream().map(String::valueOf).toList();
    }

    static boolean positive(String css) {
        try {
            return Double.parseDouble(text(css)) > 0;
        } catch (NumberFormatException notYet) {
            return false;
        }
    }

    /** The highest value drawn on live chart {@code id} in its window (0 while it has no points). */
    static double chartMax(String id) {
        Object max = ((JavascriptExecutor) driver).executeScript(
                "const e = document.querySelector(`figure[data-chart='${arguments[0]}'] .max`);"
                        + " return e ? Number(e.dataset.value || 0) : -1;", id);
        return ((Number) max).doubleValue();
    }

    static List<String> texts(String css) {
        List<?> all = (List<?>) ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent.trim());", css);
        return all.stream().map(String::valueOf).toList();
    }

    static void fillThroughBalancer(WebElement card, String name) {
        type(card, "name", name);
        type(card, "base_url", balancer.v1().toString());
        type(card, "api_key", Balancer.CLIENT_TOKEN);
        type(card, "model", Balancer.MODEL);
    }

    @Test
    void runsACardThroughTheBalancerToBothEndpointsAndExportsTheRequestLog() throws Exception {
        WebElement card = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#cards .card")));
        fillThroughBalancer(card, "ui-it");
        card.findElement(By.cssSelector(".load-models")).click();
        wait.until(d -> card.findElements(By.cssSelector("select.models option")).size() > 1);
        new Select(card.findElement(By.cssSelector("select.models"))).selectByIndex(1);
        assertThat(card.findElement(By.name("model")).getDomProperty("value")).isEqualTo(Balancer.MODEL);
        // the presets come from the engine, sorted, after the default prompt
        wait.until(d -> card.findElements(By.cssSelector("select[name=preset] option")).size() > 2);
        List<String> presets = new Select(card.findElement(By.name("preset"))).getOptions().stream()
                .map(o -> o.getDomProperty("value")).skip(1).toList();
        assertThat(presets).contains("chat-short").isSorted();
        new Select(card.findElement(By.name("preset"))).selectByValue("chat-short");
        type(card, "profile.concurrency", "2");
        type(card, "request_count", "1000");
        type(card, "duration_seconds", "30");

        card.findElement(By.cssSelector(".start")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#request-log tbody tr")).isEmpty());
        // the started run is paired with its card by client id: the row has the card's name
        assertThat(text("#runs tbody tr .metric.name")).isEqualTo("ui-it");
        wait.until(d -> positive("#runs tbody tr .metric.ttft-p50") && positive("#runs tbody tr .metric.e2e-p95")
                && !text("#max-rps").equals("0") && !text("#max-tps").equals("0"));
        // every chart fills from the engine's per-second numbers
        new WebDriverWait(driver, Duration.ofSeconds(30)).withMessage("latency, throughput and in-flight charts drawn")
                .until(d -> chartMax("requests") > 0 && chartMax("tokens") > 0 && chartMax("ttft") > 0
                        && chartMax("e2e") > chartMax("ttft") && chartMax("itl") > 0 && chartMax("inflight") > 0);
        assertThat(chartMax("inflight")).isLessThanOrEqualTo(2);
        assertThat(texts("#legend li")).containsExactly("ui-it");
        // equal shares: both endpoints get requests while the run goes on
        new WebDriverWait(driver, Duration.ofSeconds(30))
                .withMessage(() -> "X-LB-Endpoint of both endpoints in the request log, saw " + Set.copyOf(loggedEndpoints()))
                .until(d -> loggedEndpoints().containsAll(Balancer.ENDPOINTS));
        // the balancer's own numbers (its /metrics beside /v1) on the run's timeline: in-flight and answers per endpoint
        new WebDriverWait(driver, Duration.ofSeconds(30))
                .withMessage(() -> "the balancer's in-flight per endpoint charted, saw " + texts(SERVER_LOAD_LABELS))
                .until(d -> texts(SERVER_LOAD_LABELS).containsAll(
                        Balancer.ENDPOINTS.stream().map(e -> "ui-it in-flight " + e).toList()));
        new WebDriverWait(driver, Duration.ofSeconds(30)).withMessage("the balancer's answers per endpoint charted")
                .until(d -> chartMax("server-rate") > 0);
        card.findElement(By.cssSelector(".stop")).click();
        wait.until(d -> !text("#runs tbody tr .metric.state").equals("running"));
        assertThat(text("#runs tbody tr .metric.state")).isEqualTo("stopped");
        assertThat(text("#events")).contains("started ui-it");
        assertThat(loggedEndpoints()).as("X-LB-Endpoint column").containsAll(Balancer.ENDPOINTS);
        // the run's row breaks the requests down by endpoint: two backends do not blur into one set of percentiles
        new WebDriverWait(driver, Duration.ofSeconds(30)).withMessage("a per-endpoint line for each endpoint under the run's row")
                .until(d -> texts("#runs tr.details .endpoint-split li").stream().filter(t -> t.contains("requests · TTFT p50"))
                        .map(t -> t.substring(0, t.indexOf(':'))).toList().containsAll(Balancer.ENDPOINTS));

        driver.findElement(By.id("export-csv")).click();
        wait.until(d -> ((JavascriptExecutor) d).executeScript("return document.body.dataset.lastDownload") != null);
        String csv = (String) ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(document.body.dataset.lastDownload).then(r => r.text()).then(done, e => done('ERR ' + e));");
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).isEqualTo("time,card,run,status,error,error_code,error_message,endpoint,cache,ttft_ms,e2e_ms,"
                + "itl_ms_mean,output_tokens,tokens_estimated,prompt_tokens,tokens_source,turn");
        assertThat(lines.size()).isGreaterThan(1);
        assertThat(lines.get(1)).contains(",ui-it,").contains(",200,");
        assertThat(csv).contains("," + Balancer.ENDPOINTS.get(0) + ",", "," + Balancer.ENDPOINTS.get(1) + ",");

        // a second card with a ramp runs to its end next to the first one's results
        driver.findElement(By.id("add-card")).click();
        WebElement ramp = wait.until(d -> d.findElements(By.cssSelector("#cards .card")).size() == 2
                ? d.findElements(By.cssSelector("#cards .card")).get(1) : null);
        // a new card runs for a time, not a number of requests, so "Seconds" alone decides when it ends
        assertThat(ramp.findElement(By.name("request_count")).getDomProperty("value")).isEmpty();
        assertThat(ramp.findElement(By.name("duration_seconds")).getDomProperty("value")).isEqualTo("60");
        assertThat(ramp.findElement(By.name("use_cache")).isSelected()).isFalse();
        fillThroughBalancer(ramp, "ramp-it");
        new Select(ramp.findElement(By.name("profile.type"))).selectByValue("ramp");
        assertThat(ramp.findElement(By.name("profile.from_rate")).isDisplayed()).isTrue();
        assertThat(ramp.findElement(By.name("profile.concurrency")).isDisplayed()).isFalse();
        type(ramp, "profile.from_rate", "2");
        type(ramp, "profile.to_rate", "10");
        type(ramp, "profile.over_seconds", "3");
        type(ramp, "duration_seconds", "4");
        ramp.findElement(By.cssSelector(".start")).click();
        new WebDriverWait(driver, Duration.ofSeconds(40)).withMessage("the ramp run finishes")
                .until(d -> texts("#runs tbody tr .metric.state").equals(List.of("finished", "stopped")));
        assertThat(texts("#runs tbody tr .metric.name")).containsExactly("ramp-it", "ui-it");
        assertThat(texts("#legend li")).containsExactlyInAnyOrder("ui-it", "ramp-it");
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        HeadlessChrome.screenshot(driver, SHOTS.resolve("producer.png"));
        theme("dark");
        HeadlessChrome.screenshot(driver, SHOTS.resolve("producer-dark.png"));
        theme("light");

        // reset forgets one card's results, reset all the rest
        driver.findElements(By.cssSelector("#cards .card")).get(0).findElement(By.cssSelector(".reset")).click();
        wait.until(d -> texts("#runs tbody tr .metric.name").equals(List.of("ramp-it")));
        assertThat(texts("#legend li")).containsExactly("ramp-it");
        assertThat(texts("#request-log tbody td:nth-child(2)")).isNotEmpty().allMatch("ramp-it"::equals);
        driver.findElement(By.id("reset-all")).click();
        wait.until(d -> texts("#runs tbody tr").isEmpty() && texts("#request-log tbody tr").isEmpty());
        assertThat(chartMax("requests")).isZero();
    }

    /** A new card at the end of the list, named and pointed at the simulator's {@code matrix} directly. */
    static WebElement newSimulatorCard(String name, String matrix) {
        int before = driver.findElements(By.cssSelector("#cards .card")).size();
        driver.findElement(By.id("add-card")).click();
        WebElement card = wait.until(d -> d.findElements(By.cssSelector("#cards .card")).size() == before + 1
                ? d.findElements(By.cssSelector("#cards .card")).get(before) : null);
        type(card, "name", name);
        type(card, "base_url", servers.uri("/sim/custom;" + matrix + "/v1").toString());
        type(card, "model", "m");
        return card;
    }

    /**
     * Text in the row of the run of card {@code name} ({@code css} in that row), or with a leading
     * {@code +} in the details row under it; read in one script, as the rows are re-rendered.
     */
    static String rowText(String name, String css) {
        Object text = ((JavascriptExecutor) driver).executeScript("""
                const row = [...document.querySelectorAll('#runs tbody tr:not(.details)')]
                    .find(tr => tr.querySelector('.metric.name')?.textContent.trim() === arguments[0]);
                const details = row?.nextElementSibling?.classList.contains('details') ? row.nextElementSibling : null;
                const inDetails = arguments[1].startsWith('+');
                const found = (inDetails ? details : row)?.querySelector(inDetails ? arguments[1].slice(1) : arguments[1]);
                return found ? found.textContent.trim() : '';""", name, css);
        return String.valueOf(text);
    }

    @Test
    void warnsOnTheRunsRowWhenTheProducerIsTheBottleneckAndBreaksFailuresDown() throws Exception {

        // 3,000 requests due at the same instant go out one after another: the last ones are late
        WebElement burst = newSimulatorCard("burst-it", "ttft_ms=2000;tps=4;tokens=3");
        new Select(burst.findElement(By.name("profile.type"))).selectByValue("burst");
        type(burst, "profile.size", "3000");
        type(burst, "profile.every_seconds", "600");
        type(burst, "duration_seconds", "1");
        burst.findElement(By.cssSelector(".start")).click();
        new WebDriverWait(driver, Duration.ofSeconds(60)).withMessage("the client-bottleneck badge on the burst's row")
                .until(d -> rowText("burst-it", ".engine .bottleneck").equals("⚠ client bottleneck"));
        assertThat(rowText("burst-it", ".engine .self-check")).contains("lag p99");

        // every request fails: the run ends failed and its row says how
        WebElement failing = newSimulatorCard("fail-it", "error_rate=1");
        type(failing, "profile.concurrency", "2");
        type(failing, "request_count", "10");
        failing.findElement(By.cssSelector(".start")).click();
        new WebDriverWait(driver, Duration.ofSeconds(60)).withMessage("the failing run ends failed")
                .until(d -> rowText("fail-it", ".metric.state").equals("failed"));
        wait.until(d -> rowText("fail-it", "+.error-kinds li").startsWith("500 simulated_failure × 10"));
        assertThat(rowText("fail-it", "+.error-kinds li")).contains("Simulated failure");
        assertThat(rowText("fail-it", ".metric.ttft-p50")).isEqualTo("–");
        new WebDriverWait(driver, Duration.ofSeconds(60)).withMessage("the burst finishes")
                .until(d -> rowText("burst-it", ".metric.state").equals("finished"));
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        HeadlessChrome.screenshot(driver, SHOTS.resolve("producer-self-check.png"));
    }

    @Test
    void darkThemeIsKeptAcrossReloads() throws Exception {
        String before = (String) ((JavascriptExecutor) driver).executeScript("return document.documentElement.dataset.theme");
        String other = "dark".equals(before) ? "light" : "dark";
        driver.findElement(By.id("theme")).click();
        driver.navigate().refresh();
        wait.until(ExpectedConditions.textToBe(By.id("socket-state"), "socket open"));
        assertThat(((JavascriptExecutor) driver).executeScript("return document.documentElement.dataset.theme")).isEqualTo(other);
        Object background = ((JavascriptExecutor) driver).executeScript("return getComputedStyle(document.body).backgroundColor");
        assertThat(background).isEqualTo("dark".equals(other) ? "rgb(13, 13, 13)" : "rgb(255, 255, 255)");
        theme(before);
    }

    static void theme(String wanted) {
        if (!wanted.equals(((JavascriptExecutor) driver).executeScript("return document.documentElement.dataset.theme"))) {
            driver.findElement(By.id("theme")).click();
        }
        wait.until(d -> wanted.equals(((JavascriptExecutor) d).executeScript("return document.documentElement.dataset.theme")));
    }
}
