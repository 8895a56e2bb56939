package org.llmlb.wsproxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
        driver.get(servers.uri("/").toString());
        wait.until(ExpectedConditions.textToBe(By.id("socket-state"), "socket open"));
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
        card.findElement(By.cssSelector(".stop")).click();
        wait.until(d -> !text("#runs tbody tr .metric.state").equals("running"));
        assertThat(text("#runs tbody tr .metric.state")).isEqualTo("stopped");
        assertThat(text("#events")).contains("started ui-it");
        assertThat(loggedEndpoints()).as("X-LB-Endpoint column").containsAll(Balancer.ENDPOINTS);

        driver.findElement(By.id("export-csv")).click();
        wait.until(d -> ((JavascriptExecutor) d).executeScript("return document.body.dataset.lastDownload") != null);
        String csv = (String) ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(document.body.dataset.lastDownload).then(r => r.text()).then(done, e => done('ERR ' + e));");
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).isEqualTo("time,card,run,status,error,endpoint,ttft_ms,e2e_ms,itl_ms_mean,output_tokens,tokens_estimated");
        assertThat(lines.size()).isGreaterThan(1);
        assertThat(lines.get(1)).contains(",ui-it,").contains(",200,");
        assertThat(csv).contains("," + Balancer.ENDPOINTS.get(0) + ",", "," + Balancer.ENDPOINTS.get(1) + ",");

        // a second card with a ramp runs to its end next to the first one's results
        driver.findElement(By.id("add-card")).click();
        WebElement ramp = wait.until(d -> d.findElements(By.cssSelector("#cards .card")).size() == 2
                ? d.findElements(By.cssSelector("#cards .card")).get(1) : null);
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

    @Test
    void darkThemeIsKeptAcrossReloads() throws Exception {
        driver.get(servers.uri("/").toString());
        wait.until(ExpectedConditions.textToBe(By.id("socket-state"), "socket open"));
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
