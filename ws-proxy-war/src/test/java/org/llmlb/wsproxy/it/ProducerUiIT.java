package org.llmlb.wsproxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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

/** The load producer UI in headless Chromium, driving a run against the simulator on the same server. */
class ProducerUiIT {

    static final Path SHOTS = Path.of("target", "screenshots");

    static Servers servers;
    static WebDriver driver;
    static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(HeadlessChrome.available(), HeadlessChrome.REQUIRES);
        servers = Servers.start();
        driver = HeadlessChrome.start();
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
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

    static boolean positive(String css) {
        try {
            return Double.parseDouble(text(css)) > 0;
        } catch (NumberFormatException notYet) {
            return false;
        }
    }

    @Test
    void runsACardAgainstTheSimulatorAndExportsTheRequestLog() throws Exception {
        driver.get(servers.uri("/").toString());
        wait.until(ExpectedConditions.textToBe(By.id("socket-state"), "socket open"));
        WebElement card = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#cards .card")));
        String sim = servers.uri("/sim/custom;ttft_ms=20;tps=200;tokens=8/v1").toString();
        type(card, "name", "ui-it");
        type(card, "base_url", sim);
        type(card, "api_key", "k");
        card.findElement(By.cssSelector(".load-models")).click();
        wait.until(d -> card.findElements(By.cssSelector("select.models option")).size() > 1);
        new org.openqa.selenium.support.ui.Select(card.findElement(By.cssSelector("select.models"))).selectByIndex(1);
        assertThat(card.findElement(By.name("model")).getDomProperty("value")).isNotBlank();
        type(card, "profile.concurrency", "2");
        type(card, "request_count", "30");

        card.findElement(By.cssSelector(".start")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#request-log tbody tr")).isEmpty());
        wait.until(d -> positive("#runs tbody tr .metric.ttft-p50") && positive("#runs tbody tr .metric.e2e-p95")
                && !text("#max-rps").equals("0") && !text("#max-tps").equals("0"));
        card.findElement(By.cssSelector(".stop")).click();
        wait.until(d -> !text("#runs tbody tr .metric.state").equals("running"));
        assertThat(text("#runs tbody tr .metric.state")).isIn("finished", "stopped");
        assertThat(text("#events")).contains("started ui-it");

        driver.findElement(By.id("export-csv")).click();
        wait.until(d -> ((JavascriptExecutor) d).executeScript("return document.body.dataset.lastDownload") != null);
        String csv = (String) ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(document.body.dataset.lastDownload).then(r => r.text()).then(done, e => done('ERR ' + e));");
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).isEqualTo("time,card,run,status,error,endpoint,ttft_ms,e2e_ms,output_tokens,tokens_estimated");
        assertThat(lines.size()).isGreaterThan(1);
        assertThat(lines.get(1)).contains(",ui-it,").contains(",200,");

        HeadlessChrome.screenshot(driver, SHOTS.resolve("producer.png"));
    }
}
