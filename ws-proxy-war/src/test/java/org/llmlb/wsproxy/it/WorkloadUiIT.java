package org.llmlb.wsproxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;

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

/** The card editor's workload and sweep fields in headless Chromium, run against the simulator. */
class WorkloadUiIT {

    static final Path SHOTS = Path.of("target", "screenshots");

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

    static WebElement firstCard(String name, String matrix) {
        WebElement card = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#cards .card")));
        type(card, "name", name);
        type(card, "base_url", servers.uri("/sim/custom;" + matrix + "/v1").toString());
        type(card, "model", "m");
        return card;
    }

    static void type(WebElement card, String name, String value) {
        WebElement field = card.findElement(By.name(name));
        field.clear();
        field.sendKeys(value);
    }

    static void choose(WebElement card, String name, String value) {
        new Select(card.findElement(By.name(name))).selectByValue(value);
    }

    static boolean shown(WebElement card, String name) {
        return card.findElement(By.name(name)).isDisplayed();
    }

    static List<String> texts(String css) {
        List<?> all = (List<?>) js("return [...document.querySelectorAll(arguments[0])].map(e => e.textContent.trim());", css);
        return all.stream().map(String::valueOf).toList();
    }

    /** The text of the last download (a blob URL the page keeps for a minute). */
    static String lastDownload(Object before) {
        wait.until(d -> {
            Object now = js("return document.body.dataset.lastDownload");
            return now != null && !now.equals(before);
        });
        return (String) ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(document.body.dataset.lastDownload).then(r => r.text()).then(done, e => done('ERR ' + e));");
    }

    /** A column of the request log, found by its heading. */
    static List<String> logColumn(String heading) {
        List<?> cells = (List<?>) js("""
                const log = document.getElementById('request-log');
                const column = [...log.tHead.rows[0].cells].findIndex(th => th.textContent.trim() === arguments[0]);
                return column < 0 ? ['no column ' + arguments[0]]
                    : [...log.tBodies[0].rows].map(tr => tr.cells[column]?.textContent.trim() ?? '');""", heading);
        return cells.stream().map(String::valueOf).toList();
    }

    @Test
    void aSyntheticMultiTurnCardIsEditedExportedAndRunWithItsTokenSourcesLogged() throws Exception {
        WebElement card = firstCard("synthetic-ui", "ttft_ms=20;tps=400;tokens=1000");
        // the preset is the default source; synthetic shows its length fields instead
        assertThat(shown(card, "preset")).isTrue();
        assertThat(shown(card, "workload.input_tokens.type")).isFalse();
        choose(card, "workload.source", "synthetic");
        assertThat(shown(card, "preset")).isFalse();
        assertThat(shown(card, "workload.input_tokens.mean")).isTrue();
        choose(card, "workload.input_tokens.type", "uniform");
        assertThat(shown(card, "workload.input_tokens.mean")).isFalse();
        type(card, "workload.input_tokens.min", "20");
        type(card, "workload.input_tokens.max", "40");
        assertThat(shown(card, "workload.output_tokens.value")).isFalse();
        choose(card, "workload.output_tokens.type", "fixed");
        type(card, "workload.output_tokens.value", "12");
        card.findElement(By.name("workload.ignore_eos")).click();
        type(card, "workload.shared_prefix.groups", "2");
        type(card, "workload.shared_prefix.tokens", "16");
        type(card, "workload.turns", "2");
        type(card, "workload.seed", "9");
        type(card, "profile.concurrency", "2");
        type(card, "request_count", "8");
        js("arguments[0].scrollIntoView()", card);
        HeadlessChrome.screenshot(driver, SHOTS.resolve("workload-card.png"));

        Object before = js("return document.body.dataset.lastDownload");
        driver.findElement(By.id("export-cards")).click();
        JsonObject exported = Json.createReader(new StringReader(lastDownload(before))).readArray().getJsonObject(0);
        assertThat(exported.getJsonObject("workload")).isEqualTo(Json.createReader(new StringReader("""
                {"source":"synthetic","seed":9,"input_tokens":{"type":"uniform","min":20,"max":40},
                 "output_tokens":{"type":"fixed","value":12},"ignore_eos":true,
                 "shared_prefix":{"groups":2,"tokens":16},"turns":2}""")).readObject());
        assertThat(exported.containsKey("preset")).isFalse();

        card.findElement(By.cssSelector(".start")).click();
        new WebDriverWait(driver, Duration.ofSeconds(60)).withMessage("the synthetic run finishes")
                .until(d -> texts("#runs tbody tr .metric.state").equals(List.of("finished")));
        wait.until(d -> logColumn("Turn").size() == 8);
        assertThat(logColumn("Source")).containsOnly("usage");
        assertThat(logColumn("Turn")).containsOnly("1", "2").contains("2");
        assertThat(logColumn("Tokens")).containsOnly("12");
        // the simulator counts words: 16 of the shared prefix, 20–40 of each prompt, more with a history
        assertThat(logColumn("Prompt")).allSatisfy(p -> assertThat(Integer.parseInt(p)).isBetween(36, 200));

        before = js("return document.body.dataset.lastDownload");
        driver.findElement(By.id("export-csv")).click();
        List<String> csv = lastDownload(before).lines().toList();
        assertThat(csv.get(0)).endsWith(",output_tokens,tokens_estimated,prompt_tokens,tokens_source,turn");
        assertThat(csv).hasSize(9);
        assertThat(csv.subList(1, 9)).allSatisfy(line -> assertThat(line).contains(",12,false,").containsPattern(",usage,[12]$"));
    }

    @Test
    void aJsonlFileIsUploadedFromTheCardAndBadLinesAreNamed() throws Exception {
        WebElement card = firstCard("dataset-ui", "ttft_ms=10;tps=400;tokens=5");
        choose(card, "workload.source", "dataset");
        WebElement file = card.findElement(By.cssSelector(".dataset-file"));
        // a hidden file input (styled as a button) takes keys once shown
        js("arguments[0].hidden = false", file);
        Path bad = Files.writeString(Files.createDirectories(Path.of("target", "uploads")).resolve("bad.jsonl"),
                "fine\n{\"conversations\":[{\"from\":\"gpt\",\"value\":\"x\"}]}\n");
        file.sendKeys(bad.toAbsolutePath().toString());
        wait.until(d -> card.findElement(By.cssSelector(".dataset-info")).getText().contains("refused"));
        assertThat(card.findElement(By.cssSelector(".dataset-info")).getText())
                .isEqualTo("bad.jsonl refused: line 2 the conversation has no non-empty human turn");
        assertThat(card.findElement(By.cssSelector(".dataset-info")).getAttribute("class")).contains("err");

        Path good = Path.of("target", "uploads", "prompts.jsonl");
        Files.writeString(good, "one small prompt\n{\"prompt\":\"another one\"}\n");
        file.sendKeys(good.toAbsolutePath().toString());
        wait.until(d -> card.findElement(By.cssSelector(".dataset-info")).getText().contains("conversations"));
        assertThat(card.findElement(By.cssSelector(".dataset-info")).getText())
                .startsWith("prompts.jsonl: 2 conversations, 2 prompts (prompts) · ds-");
        type(card, "request_count", "4");
        card.findElement(By.cssSelector(".start")).click();
        new WebDriverWait(driver, Duration.ofSeconds(60)).withMessage("the dataset run finishes")
                .until(d -> texts("#runs tbody tr .metric.state").equals(List.of("finished")));
        wait.until(d -> logColumn("Prompt").size() == 4);
        assertThat(logColumn("Prompt")).containsOnly("3", "2");
    }

    @Test
    void aSweepShowsItsRatesWithTheKneeAndAPlot() throws Exception {
        WebElement card = firstCard("sweep-ui", "ttft_ms=50;tps=200;tokens=10");
        choose(card, "profile.type", "sweep");
        assertThat(shown(card, "profile.step_seconds")).isTrue();
        assertThat(shown(card, "profile.poisson")).isTrue();
        // a sweep lasts its probe and rates: no "stop after"
        assertThat(shown(card, "duration_seconds")).isFalse();
        type(card, "profile.rates", "3");
        type(card, "profile.step_seconds", "2");
        type(card, "profile.probe_seconds", "2");
        type(card, "profile.probe_concurrency", "4");
        card.findElement(By.name("profile.poisson")).click();
        card.findElement(By.cssSelector(".start")).click();

        new WebDriverWait(driver, Duration.ofSeconds(90)).withMessage("the sweep finishes")
                .until(d -> texts("#runs tbody tr .metric.state").equals(List.of("finished")));
        wait.until(d -> texts("#runs .sweep-table tbody tr").size() == 4);
        List<String> firstCells = texts("#runs .sweep-table tbody td:first-child");
        assertThat(firstCells).startsWith("probe").hasSize(4);
        assertThat(firstCells).filteredOn(t -> t.endsWith("◆ knee")).hasSize(1);
        assertThat(texts("#runs .sweep-table tbody tr:first-child .sweep-state")).containsExactly("done");
        assertThat(texts("#runs .sweep-table tbody tr:nth-child(2) .sweep-state")).containsExactly("kept up");
        assertThat(texts("#runs .sweep-caption").get(0)).startsWith("Sweep: probe max ").contains("knee ").doesNotContain("knee –");
        // the throughput-vs-latency plot: a point per rate, the knee marked
        new WebDriverWait(driver, Duration.ofSeconds(10)).withMessage("the sweep's plot drawn")
                .until(d -> ((Number) js("return document.querySelectorAll('#runs figure.sweep-plot .u-over').length")).intValue() == 1);
        assertThat(js("return document.querySelector('#runs figure.sweep-plot').dataset.points")).isEqualTo("3");
        assertThat(Double.parseDouble(String.valueOf(js("return document.querySelector('#runs figure.sweep-plot').dataset.knee"))))
                .isPositive();
        assertThat(texts("#runs figure.sweep-plot .u-legend .u-series .u-label")).containsExactly("throughput", "TTFT p99", "E2E p50",
                "knee");
        js("document.querySelector('#runs .sweep').scrollIntoView()");
        HeadlessChrome.screenshot(driver, SHOTS.resolve("sweep-result.png"));
    }
}
