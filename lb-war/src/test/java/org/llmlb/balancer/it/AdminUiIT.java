package org.llmlb.balancer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.llmlb.testsupport.HeadlessChrome;
import org.llmlb.testsupport.LbServer;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.Point;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The flow editor in headless Chromium against a real balancer with its own database. The tests
 * build on each other (one browser, one server) and the last one stops the server.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminUiIT {

    static final String XSS_NAME = "<img src=x onerror=alert(1)>";
    static final String XSS_URL = "http://127.0.0.1:1/v1/&lt;i&gt;x";
    static final Path SHOTS = Path.of("target", "screenshots");

    static LbServer server;
    static Admin admin;
    static WebDriver driver;
    static WebDriverWait wait;
    static final FakeUpstreams fakes = new FakeUpstreams();
    static WireMockServer upstream;
    static long alpha;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(HeadlessChrome.available(), HeadlessChrome.REQUIRES);
        server = LbServer.start("ui", Map.of(
                "LB_FAIL_THRESHOLD", "1",
                "LB_COOLDOWN_SECONDS", "600",
                "LB_CACHE_MAX_ENTRIES", "0",
                "LB_ADMIN_RATE_LIMIT_RPM", "0"));
        admin = new Admin(server);
        upstream = fakes.wiremock("alpha");
        driver = HeadlessChrome.start();
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
        // the live refresh may rebuild a node between finding it and reading it: look again
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
        fakes.close();
    }

    // helpers

    /** Opens /admin; the admin token stays in the tab's sessionStorage once entered. */
    static void openEditor() {
        driver.get(server.uri("/admin/").toString());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("admin-token")));
    }

    static void useToken(String token) {
        WebElement field = driver.findElement(By.id("admin-token"));
        field.clear();
        field.sendKeys(token);
        driver.findElement(By.cssSelector("#token-form button[type=submit]")).click();
        if (LbServer.ADMIN_TOKEN.equals(token)) {
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".node.incoming")));
        }
    }

    static WebElement node(long endpointId) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".node.endpoint[data-endpoint-id='" + endpointId + "']")));
    }

    static <T> T until(Function<WebDriver, T> condition) {
        return wait.until(condition);
    }

    static void shot(String name) throws Exception {
        HeadlessChrome.screenshot(driver, SHOTS.resolve(name + ".png"));
    }

    static void theme(String wanted) {
        String now = (String) ((JavascriptExecutor) driver).executeScript("return document.documentElement.dataset.theme");
        if (!wanted.equals(now)) {
            // a script click: an open modal dialog makes the header inert for the pointer
            ((JavascriptExecutor) driver).executeScript("document.getElementById('theme-toggle').click()");
        }
        until(d -> wanted.equals(((JavascriptExecutor) d).executeScript("return document.documentElement.dataset.theme")));
    }

    static void assertNoAlert() {
        assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    HttpResponse<String> chat() throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"m1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    long endpointIdByName(String name) {
        for (JsonNode e : admin.state().get("endpoints")) {
            if (e.get("name").asText().equals(name)) {
                return e.get("id").asLong();
            }
        }
        return -1;
    }

    // the editor

    @Test
    @Order(1)
    void createsAnEndpointThroughTheFormShowingFieldErrors() throws Exception {
        openEditor();
        useToken(LbServer.ADMIN_TOKEN);
        assertThat(driver.findElement(By.id("banner")).isDisplayed()).isFalse();

        driver.findElement(By.id("new-endpoint")).click();
        WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-endpoint-dialog")));
        dialog.findElement(By.name("name")).sendKeys("alpha");
        dialog.findElement(By.name("base_url")).sendKeys("not a url");
        dialog.findElement(By.name("max_concurrent")).sendKeys("4");
        dialog.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement urlError = dialog.findElement(By.cssSelector(".field-error[data-field='base_url']"));
        until(d -> !urlError.getText().isBlank());
        // the message sits next to its field, inside the same form row
        assertThat(urlError.findElement(By.xpath("..")).findElement(By.name("base_url"))).isNotNull();
        assertThat(dialog.findElement(By.name("base_url")).getAttribute("aria-invalid")).isEqualTo("true");
        theme("light");
        shot("form-error-light");
        theme("dark");
        shot("form-error-dark");

        WebElement url = dialog.findElement(By.name("base_url"));
        url.clear();
        url.sendKeys(FakeUpstreams.base(upstream).toString());
        dialog.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("new-endpoint-dialog")));
        alpha = endpointIdByName("alpha");
        assertThat(alpha).isPositive();
        WebElement node = node(alpha);
        assertThat(node.getText()).contains("alpha", FakeUpstreams.base(upstream).toString(), "0/4");
        JsonNode created = admin.endpointState(alpha);
        assertThat(created.get("connected").asBoolean()).isFalse();
        assertThat(created.get("max_concurrent").asInt()).isEqualTo(4);
    }

    @Test
    @Order(2)
    void drawsAndRemovesAWire() throws Exception {
        WebElement port = driver.findElement(By.cssSelector(".node.incoming .port.out"));
        new Actions(driver).clickAndHold(port).moveByOffset(40, 10).moveToElement(node(alpha)).release().perform();
        until(d -> admin.endpointState(alpha).get("connected").asBoolean());
        By wire = By.cssSelector(".wire[data-source='incoming'][data-target='endpoint-" + alpha + "']");
        WebElement drawn = wait.until(ExpectedConditions.presenceOfElementLocated(wire));
        theme("light");
        shot("canvas-wired-light");

        new Actions(driver).moveToElement(drawn).click().perform();
        until(d -> !admin.endpointState(alpha).get("connected").asBoolean());
        wait.until(ExpectedConditions.numberOfElementsToBe(wire, 0));
    }

    @Test
    @Order(3)
    void aMovedNodeStaysAfterReload() {
        // the live refresh may rebuild a node between finding it and reading it: read inside a wait
        Point before = wait.until(d -> node(alpha).getLocation());
        double x = admin.endpointState(alpha).get("pos_x").asDouble();
        // found and dragged in one go; a refresh that rebuilt the node in between means: again
        until(d -> {
            WebElement title = node(alpha).findElement(By.cssSelector(".node-title"));
            new Actions(driver).clickAndHold(title).moveByOffset(30, 30).moveByOffset(90, 40).release().perform();
            return true;
        });
        until(d -> admin.endpointState(alpha).get("pos_x").asDouble() != x);
        Point moved = wait.until(d -> node(alpha).getLocation());
        assertThat(moved.getX()).isGreaterThan(before.getX() + 60);
        assertThat(moved.getY()).isGreaterThan(before.getY() + 30);

        driver.navigate().refresh();
        until(d -> node(alpha).getLocation().equals(moved));
        JsonNode saved = admin.endpointState(alpha);
        String left = wait.until(d -> node(alpha).getCssValue("left"));
        assertThat(left).isEqualTo(saved.get("pos_x").asInt() + "px");
        // a click without movement opens the side panel (and a Close button closes it)
        node(alpha).findElement(By.cssSelector(".node-title")).click();
        WebElement panel = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("panel")));
        assertThat(panel.findElement(By.tagName("h2")).getText()).isEqualTo("alpha");
        panel.findElement(By.cssSelector(".panel-head .close")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("panel")));
    }

    @Test
    @Order(4)
    void switchesTheRoutingMode() {
        new Select(driver.findElement(By.id("routing-mode"))).selectByValue("priority");
        until(d -> "priority".equals(admin.state().get("routing_mode").asText()));
        until(d -> d.findElement(By.id("f-mode")).getText().equals("priority"));
        new Select(driver.findElement(By.id("routing-mode"))).selectByValue("percentage");
        until(d -> "percentage".equals(admin.state().get("routing_mode").asText()));
    }

    @Test
    @Order(5)
    void liveNumbersFollowTheTraffic() throws Exception {
        admin.patch(alpha, Map.of("connected", true));
        // the wire appears with the next poll, which rebuilds the graph once
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(".wire[data-source='incoming'][data-target='endpoint-" + alpha + "']")));
        WebElement node = node(alpha);
        String idleText = node.findElement(By.cssSelector(".stats")).getText();
        for (int i = 0; i < 5; i++) {
            assertThat(chat().statusCode()).isEqualTo(200);
        }
        until(d -> !node.findElement(By.cssSelector(".stats")).getText().equals(idleText));
        until(d -> !d.findElement(By.id("f-tps")).getText().equals("0.0"));
        // numbers are updated in place: the node element survives the polls
        WebElement same = node(alpha);
        until(d -> {
            try {
                return same.isDisplayed() && !d.findElement(By.id("f-rps")).getText().isEmpty();
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                return false;
            }
        });
        assertThat(same.getAttribute("data-endpoint-id")).isEqualTo(Long.toString(alpha));
        // answers by status class and latency on the node
        until(d -> node(alpha).findElement(By.cssSelector(".answers")).getText().startsWith("2xx 5 · 4xx 0 · 5xx 0"));
        assertThat(node(alpha).findElement(By.cssSelector(".stats")).getText()).containsPattern("\\d+ ms avg")
                .contains("– TTFT p50");
    }

    @Test
    @Order(6)
    void anEndpointInCooldownIsMarked() throws Exception {
        admin.patch(alpha, Map.of("connected", false));
        long dead = admin.endpoint("dead", URI.create("http://127.0.0.1:" + closedPort() + "/v1"),
                "pos_x", 420, "pos_y", 420);
        assertThat(chat().statusCode()).isGreaterThanOrEqualTo(500);
        until(d -> admin.endpointState(dead).get("in_cooldown").asBoolean());
        until(d -> node(dead).getAttribute("class").contains("cooling"));
        until(d -> node(dead).findElement(By.cssSelector(".cooldown-mark")).getText()
                .matches("cooling down · \\d+ s · 1 failure in a row; last: connection refused"));
        WebElement lastError = node(dead).findElement(By.cssSelector(".last-error"));
        assertThat(lastError.getText()).matches("last error \\d+ s ago: connection refused");
        assertThat(lastError.getAttribute("title")).contains("connection refused [refused]").contains("request ");
        // a long base URL without /v1: cut with an ellipsis, whole on hover, and the hint says what to change
        String longUrl = upstream.baseUrl() + "/a/long/path/that/does/not/fit/into/the/node";
        long bare = admin.endpoint("no-v1", URI.create(longUrl), "connected", false, "pos_x", 760, "pos_y", 240);
        WebElement url = node(bare).findElement(By.cssSelector(".node-sub.url"));
        assertThat(url.getAttribute("title")).isEqualTo(longUrl);
        assertThat((Boolean) ((JavascriptExecutor) driver).executeScript(
                "return arguments[0].scrollWidth > arguments[0].clientWidth", url)).as("URL cut, not wrapped").isTrue();
        assertThat(url.getSize().getHeight()).isLessThan(24);
        wait.withMessage(() -> "node text: " + node(bare).getText() + " / discovery: " + admin.endpointState(bare).get("discovery"))
                .until(d -> node(bare).findElement(By.cssSelector(".discovery")).getText()
                        .startsWith("models: base_url does not end in /v1"));
        assertThat(node(bare).findElement(By.cssSelector(".discovery")).getAttribute("title"))
                .contains("model discovery failed").contains("HTTP 404").contains(longUrl + "/v1");
        assertThat(node(dead).getCssValue("border-left-color")).isNotEqualTo(node(alpha).getCssValue("border-left-color"));
        assertThat(node(dead).getText()).contains("1 failures");
        theme("dark");
        shot("canvas-cooldown-dark");
        theme("light");
        shot("canvas-cooldown-light");
    }

    @Test
    @Order(7)
    void markupFromTheApiIsShownAsText() throws Exception {
        long evil = admin.endpoint(XSS_NAME, URI.create(XSS_URL), "connected", false, "pos_x", 760, "pos_y", 40);
        String blockName = "<b>pool</b><script>alert(2)</script>";
        Admin.Answer block = admin.call("POST", "/incoming-blocks",
                Map.of("name", blockName, "pool_name", "team-a", "endpoint_ids", List.of(alpha), "pos_x", 40, "pos_y", 420));
        assertThat(block.status()).as(block.raw().body()).isEqualTo(201);
        String tokenName = "<i onmouseover=alert(3)>tok</i>";
        driver.navigate().refresh();

        WebElement node = node(evil);
        assertThat(node.findElement(By.cssSelector(".node-title")).getText()).isEqualTo(XSS_NAME);
        assertThat(node.findElement(By.cssSelector(".node-sub.url")).getText()).isEqualTo(XSS_URL);
        WebElement blockNode = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".node.block")));
        assertThat(blockNode.findElement(By.cssSelector(".node-title")).getText()).isEqualTo(blockName);
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(".wire[data-source='block-" + block.body().get("id").asLong() + "']")));
        assertThat(driver.findElements(By.cssSelector("#nodes img, #nodes script, #nodes .node-title *, #nodes .node-sub *"))).isEmpty();

        // the side panel shows the name as its heading, as text
        node.findElement(By.cssSelector(".node-title")).click();
        WebElement panel = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("panel")));
        assertThat(panel.findElement(By.tagName("h2")).getText()).isEqualTo(XSS_NAME);
        assertThat(panel.findElements(By.tagName("img"))).isEmpty();
        shot("panel-light");
        theme("dark");
        shot("panel-dark");
        panel.findElement(By.cssSelector(".panel-head .close")).click();

        // a client token created in the UI: shown once with a copy button, its name as text
        driver.findElement(By.id("open-tokens")).click();
        WebElement tokens = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("tokens-dialog")));
        tokens.findElement(By.id("token-name")).sendKeys(tokenName);
        tokens.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement value = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-token-value")));
        assertThat(value.getAttribute("value")).isNotBlank();
        assertThat(tokens.findElement(By.xpath(".//button[text()='Copy']")).isDisplayed()).isTrue();
        until(d -> tokens.findElements(By.cssSelector("tbody td")).stream().anyMatch(td -> td.getText().equals(tokenName)));
        assertThat(tokens.findElements(By.cssSelector("tbody i"))).isEmpty();
        shot("tokens-dark");
        theme("light");
        shot("tokens-light");
        tokens.findElement(By.cssSelector(".dialog-head .close")).click();
        assertNoAlert();
        assertThat(admin.call("GET", "/tokens", null).body().get(0).get("name").asText()).isEqualTo(tokenName);
    }

    @Test
    @Order(8)
    void operationsAuditAndBlocksDialogs() throws Exception {
        driver.findElement(By.id("open-ops")).click();
        WebElement ops = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("ops-dialog")));
        ops.findElement(By.cssSelector("button[data-op='reset-stats']")).click();
        WebElement confirm = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("dialog.confirm")));
        shot("confirm-light");
        confirm.findElement(By.cssSelector("button.danger")).click();
        until(d -> admin.endpointState(alpha).get("requests").asLong() == 0);
        until(d -> ops.findElement(By.cssSelector("[role=status]")).getText().contains("done"));
        ops.findElement(By.cssSelector(".dialog-head .close")).click();

        driver.findElement(By.id("open-audit")).click();
        WebElement audit = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("audit-dialog")));
        until(d -> audit.getText().contains("POST reset-stats"));
        assertThat(audit.getText()).containsPattern("POST endpoints endpoint 'dead' \\(id \\d+\\)");
        theme("dark");
        shot("audit-dark");
        audit.findElement(By.cssSelector(".dialog-head .close")).click();

        driver.findElement(By.id("open-blocks")).click();
        WebElement blocks = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("blocks-dialog")));
        blocks.findElement(By.id("block-name")).sendKeys("team-b");
        blocks.findElement(By.id("block-pool")).sendKeys("team-b");
        blocks.findElement(By.cssSelector("button[type=submit]")).click();
        until(d -> admin.call("GET", "/incoming-blocks", null).body().size() == 2);
        shot("blocks-dark");
        blocks.findElement(By.cssSelector(".dialog-head .close")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".node.block"), 2));
        theme("light");
        shot("canvas-light");
        theme("dark");
        shot("canvas-dark");
    }

    @Test
    @Order(9)
    void theThemeSurvivesAReload() {
        theme("dark");
        driver.navigate().refresh();
        until(d -> "dark".equals(((JavascriptExecutor) d).executeScript("return document.documentElement.dataset.theme")));
        theme("light");
        driver.navigate().refresh();
        until(d -> "light".equals(((JavascriptExecutor) d).executeScript("return document.documentElement.dataset.theme")));
    }

    @Test
    @Order(10)
    void aWrongTokenShowsTheBanner() throws Exception {
        useToken("not-the-admin-token");
        WebElement banner = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("banner")));
        assertThat(banner.getText()).contains("Connection lost");
        shot("banner-light");
        useToken(LbServer.ADMIN_TOKEN);
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("banner")));
    }

    @Test
    @Order(11)
    void aStoppedServerShowsTheBanner() throws Exception {
        openEditor();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("banner")));
        server.stop();
        WebElement banner = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("banner")));
        assertThat(banner.getText()).contains("Connection lost");
        assertNoAlert();
    }

    static int closedPort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
