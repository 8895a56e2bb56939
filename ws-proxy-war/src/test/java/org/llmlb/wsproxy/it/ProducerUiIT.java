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
        servers = Servers.start();
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
        if (servers != null) {
            servers.close();
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

    @Test
    void runsACardThroughTheBalancerToBothEndpointsAndExportsTheRequestLog() throws Exception {
        driver.get(servers.uri("/").toString());
        wait.until(ExpectedConditions.textToBe(By.id("socket-state"), "socket open"));
        WebElement card = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#cards .card")));
        type(card, "name", "ui-it");
        type(card, "base_url", balancer.v1().toString());
        type(card, "api_key", Balancer.CLIENT_TOKEN);
        card.findElement(By.cssSelector(".load-models")).click();
        wait.until(d -> card.findElements(By.cssSelector("select.models option")).size() > 1);
        new org.openqa.selenium.support.ui.Select(card.findElement(By.cssSelector("select.models"))).selectByIndex(1);
        assertThat(card.findElement(By.name("model")).getDomProperty("value")).isEqualTo(Balancer.MODEL);
        type(card, "profile.concurrency", "2");
        type(card, "request_count", "30");

        card.findElement(By.cssSelector(".start")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#request-log tbody tr")).isEmpty());
        wait.until(d -> positive("#runs tbody tr .metric.ttft-p50") && positive("#runs tbody tr .metric.e2e-p95")
                && !text("#max-rps").equals("0") && !text("#max-tps").equals("0"));
        // equal shares: both endpoints get requests while the run goes on
        new WebDriverWait(driver, Duration.ofSeconds(30))
                .withMessage(() -> "X-LB-Endpoint of both endpoints in the request log, saw " + Set.copyOf(loggedEndpoints()))
                .until(d -> loggedEndpoints().containsAll(Balancer.ENDPOINTS));
        card.findElement(By.cssSelector(".stop")).click();
        wait.until(d -> !text("#runs tbody tr .metric.state").equals("running"));
        assertThat(text("#runs tbody tr .metric.state")).isIn("finished", "stopped");
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

        HeadlessChrome.screenshot(driver, SHOTS.resolve("producer.png"));
    }
}
