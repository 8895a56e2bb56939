package org.llmlb.wsproxy.it;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.llmlb.testsupport.HeadlessChrome;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Load Producer page as a user sees it: cards to fill and start, the runs table, the live
 * charts (hover, legend, zoom), the histograms and a sweep's plot. Every wait fails with a
 * message when what it waits for does not come.
 */
final class ProducerPage {

    private final WebDriver driver;
    private final Servers servers;

    ProducerPage(WebDriver driver, Servers servers) {
        this.driver = driver;
        this.servers = servers;
    }

    /** A fresh page: nothing stored (one default card, the system's theme), the socket open. */
    ProducerPage open() {
        driver.get(servers.uri("/").toString());
        js("localStorage.clear()");
        driver.navigate().refresh();
        await(Duration.ofSeconds(30), "the socket opens",
                ExpectedConditions.textToBe(By.id("socket-state"), "socket open"));
        return this;
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    <T> T await(Duration limit, String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, limit).withMessage(what).until(condition);
    }

    /** The first card, renamed and pointed at {@code baseUrl} with model {@code model}. */
    Card firstCard(String name, String baseUrl, String model) {
        WebElement form = await(Duration.ofSeconds(10), "a card", ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#cards .card")));
        return new Card(form).type("name", name).type("base_url", baseUrl).type("model", model);
    }

    /** A card pointed at the simulator's {@code matrix} profile (e.g. {@code ttft_ms=50;max_num_seqs=2}). */
    Card simulatorCard(String name, String matrix) {
        return firstCard(name, servers.uri("/sim/custom;" + matrix + "/v1").toString(), "m");
    }

    final class Card {
        final WebElement form;

        Card(WebElement form) {
            this.form = form;
        }

        Card type(String field, String value) {
            WebElement input = form.findElement(By.name(field));
            input.clear();
            input.sendKeys(value);
            return this;
        }

        Card choose(String field, String value) {
            new Select(form.findElement(By.name(field))).selectByValue(value);
            return this;
        }

        Card start() {
            form.findElement(By.cssSelector(".start")).click();
            return this;
        }

        Card stop() {
            form.findElement(By.cssSelector(".stop")).click();
            return this;
        }
    }

    /** The state cell of the run of card {@code name} ("" while there is none). */
    String runState(String name) {
        return String.valueOf(js("""
                const row = [...document.querySelectorAll('#runs tbody tr:not(.details)')]
                    .find(tr => tr.querySelector('.metric.name')?.textContent.trim() === arguments[0]);
                return row ? row.querySelector('.metric.state').textContent.trim() : '';""", name));
    }

    void awaitRunState(String name, String state, Duration limit) {
        await(limit, () -> "run " + name + " " + state + ", is " + runState(name), d -> runState(name).equals(state));
    }

    private <T> T await(Duration limit, java.util.function.Supplier<String> what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, limit).withMessage(what).until(condition);
    }

    /** The text of {@code css} in the details row under run {@code name}'s row; "" without one. */
    String detailsText(String name, String css) {
        return String.valueOf(js("""
                const row = [...document.querySelectorAll('#runs tbody tr:not(.details)')]
                    .find(tr => tr.querySelector('.metric.name')?.textContent.trim() === arguments[0]);
                const details = row?.nextElementSibling?.classList.contains('details') ? row.nextElementSibling : null;
                return details?.querySelector(arguments[1])?.textContent.trim() ?? '';""", name, css));
    }

    Chart chart(String id) {
        return new Chart("#charts figure[data-chart='" + id + "']");
    }

    /** A uPlot chart of the page, found by its figure. */
    final class Chart {
        final String figure;

        Chart(String figure) {
            this.figure = figure;
        }

        boolean shown() {
            return Boolean.TRUE.equals(js("const f = document.querySelector(arguments[0]); return !!f && !f.hidden"
                    + " && !!f.querySelector('.u-over');", figure));
        }

        /** The highest value in the chart's window (0 without points). */
        double max() {
            return ((Number) js("const e = document.querySelector(arguments[0] + ' .max');"
                    + " return e ? Number(e.dataset.value || 0) : -1;", figure)).doubleValue();
        }

        /** Legend entry label → the value it shows (the hovered point's; "–" for none). */
        @SuppressWarnings("unchecked")
        Map<String, String> legend() {
            return (Map<String, String>) js("""
                    const out = {};
                    document.querySelectorAll(arguments[0] + ' .u-legend .u-series').forEach((tr, i) => {
                        if (i) out[tr.querySelector('.u-label').textContent.trim()] = tr.querySelector('.u-value').textContent.trim();
                    });
                    return out;""", figure);
        }

        /** The labels of the series hidden by a legend click. */
        @SuppressWarnings("unchecked")
        List<String> hidden() {
            return (List<String>) js("return [...document.querySelectorAll(arguments[0] + ' .u-legend .u-series.u-off .u-label')]"
                    + ".map(e => e.textContent.trim());", figure);
        }

        void toggle(String label) {
            for (WebElement row : driver.findElements(By.cssSelector(figure + " .u-legend .u-series"))) {
                WebElement name = row.findElement(By.cssSelector(".u-label"));
                if (name.getText().trim().equals(label)) {
                    // uPlot listens on the entry's label cell
                    name.click();
                    return;
                }
            }
            throw new AssertionError("no legend entry " + label + " in " + legend().keySet());
        }

        private WebElement over() {
            return driver.findElement(By.cssSelector(figure + " .u-over"));
        }

        /** Moves the mouse over the plot, {@code fraction} of its width from the left. */
        void hover(double fraction) {
            WebElement over = over();
            int width = over.getRect().getWidth();
            new Actions(driver).moveToElement(over, (int) Math.round(width * (fraction - 0.5)), 0).perform();
        }

        /** Drags across the plot from {@code from} to {@code to} (fractions of its width): a zoom. */
        void drag(double from, double to) {
            WebElement over = over();
            int width = over.getRect().getWidth();
            new Actions(driver).moveToElement(over, (int) Math.round(width * (from - 0.5)), 0).clickAndHold()
                    .moveByOffset((int) Math.round(width * (to - from) / 2), 0)
                    .moveByOffset((int) Math.round(width * (to - from) / 2), 0).release().perform();
        }

        void doubleClick() {
            new Actions(driver).doubleClick(over()).perform();
        }

        /** How many times new data was drawn. */
        int drawn() {
            return ((Number) js("return Number(document.querySelector(arguments[0])?.dataset.drawn ?? 0);", figure)).intValue();
        }

        /** The x range shown now, max − min (seconds on a time chart). */
        double xSpan() {
            return ((Number) js("const f = document.querySelector(arguments[0]);"
                    + " return Number(f.dataset.xMax) - Number(f.dataset.xMin);", figure)).doubleValue();
        }
    }

    /** A figure's data attribute ({@code data-total} of a histogram: {@code "total"}); "" without it. */
    String data(String css, String attribute) {
        return String.valueOf(js("return document.querySelector(arguments[0])?.dataset[arguments[1]] ?? '';", css, attribute));
    }

    Chart figure(String css) {
        return new Chart(css);
    }

    void screenshot(Path file, String scrollTo) throws IOException {
        js(scrollTo == null ? "window.scrollTo(0, 0)" : "document.querySelector(arguments[0]).scrollIntoView()", scrollTo);
        HeadlessChrome.screenshot(driver, file);
    }
}
