package org.llmlb.balancer.it;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.llmlb.balancer.it.ui.EndpointForm;
import org.llmlb.balancer.it.ui.FlowEditor;
import org.llmlb.testsupport.HeadlessChrome;
import org.llmlb.testsupport.LbServer;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.Point;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The flow editor in headless Chromium against a real balancer with its own database. The tests
 * share the server, nothing else: each starts with a blank configuration and a fresh browser
 * (no token, no theme stored) and makes the endpoints, blocks and traffic it needs itself.
 */
class AdminUiIT {

    static final String XSS_NAME = "<img src=x onerror=alert(1)>";
    static final String XSS_URL = "http://127.0.0.1:1/v1/&lt;i&gt;x";
    static final Map<String, String> ENV = Map.of(
            "LB_FAIL_THRESHOLD", "1",
            "LB_COOLDOWN_SECONDS", "600",
            "LB_CACHE_MAX_ENTRIES", "0",
            "LB_ADMIN_RATE_LIMIT_RPM", "0",
            // vLLM's GET /load, answered by alpha (see the load-signal test)
            "LB_LOAD_POLL_MILLIS", "500");

    static LbServer server;
    static Admin admin;
    static final FakeUpstreams fakes = new FakeUpstreams();
    static WireMockServer upstream;
    final HttpClient http = HttpClient.newHttpClient();
    WebDriver driver;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(HeadlessChrome.available(), HeadlessChrome.REQUIRES);
        server = LbServer.start("ui", ENV);
        admin = new Admin(server);
        upstream = fakes.wiremock("alpha");
        // vLLM's GET /load beside /v1: 5 requests being served, from every client
        upstream.stubFor(get(urlEqualTo("/load")).willReturn(okJson("{\"server_load\": 5}")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        fakes.close();
    }

    @BeforeEach
    void blankConfigurationStatisticsAndBrowser() {
        admin.deleteAll();
        admin.call("PATCH", "/routing", Map.of("mode", "percentage", "affinity", "none"));
        admin.call("POST", "/reset-stats", null);
        // the plain answer again, should a test before this one have given alpha another
        upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(FakeUpstreams.COMPLETION.formatted("alpha"))));
        driver = HeadlessChrome.start();
    }

    @AfterEach
    void quitBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    FlowEditor editor() {
        return FlowEditor.open(driver, server.uri(), LbServer.ADMIN_TOKEN);
    }

    /** An endpoint "alpha" on the fake upstream, made through the API, wired to Incoming or not. */
    static long alpha(boolean connected) {
        return admin.endpoint("alpha", FakeUpstreams.base(upstream), "connected", connected);
    }

    HttpResponse<String> chat() throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri("/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"m1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static long endpointIdByName(String name) {
        for (JsonNode e : admin.state().get("endpoints")) {
            if (e.get("name").asText().equals(name)) {
                return e.get("id").asLong();
            }
        }
        return -1;
    }

    void assertNoAlert() {
        assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    // the editor

    @Test
    void createsAnEndpointThroughTheFormShowingFieldErrors() throws Exception {
        FlowEditor editor = editor();
        assertThat(editor.banner().isDisplayed()).isFalse();

        EndpointForm form = editor.newEndpoint()
                .fill("name", "alpha").fill("base_url", "not a url").fill("max_concurrent", "4");
        WebElement urlError = form.submitExpectingError("base_url");
        // the message sits next to its field, inside the same form row
        assertThat(urlError.findElement(By.xpath("..")).findElement(By.name("base_url"))).isNotNull();
        assertThat(form.field("base_url").getAttribute("aria-invalid")).isEqualTo("true");
        editor.theme("light");
        editor.shot("form-error-light");
        editor.theme("dark");
        editor.shot("form-error-dark");

        form.fill("base_url", FakeUpstreams.base(upstream).toString()).submitAndClose();
        long alpha = endpointIdByName("alpha");
        assertThat(alpha).isPositive();
        assertThat(editor.node(alpha).getText()).contains("alpha", FakeUpstreams.base(upstream).toString(), "0/4");
        JsonNode created = admin.endpointState(alpha);
        assertThat(created.get("connected").asBoolean()).isFalse();
        assertThat(created.get("max_concurrent").asInt()).isEqualTo(4);
    }

    @Test
    void drawsAndRemovesAWire() throws Exception {
        long alpha = alpha(false);
        FlowEditor editor = editor();

        WebElement drawn = editor.wireFromIncoming(alpha);
        editor.until(d -> admin.endpointState(alpha).get("connected").asBoolean());
        editor.theme("light");
        editor.shot("canvas-wired-light");

        editor.click(drawn);
        editor.until(d -> !admin.endpointState(alpha).get("connected").asBoolean());
        editor.awaitNoWire("incoming", alpha);
    }

    @Test
    void aMovedNodeStaysAfterReload() {
        long alpha = alpha(false);
        FlowEditor editor = editor();
        Point before = editor.location(alpha);
        double x = admin.endpointState(alpha).get("pos_x").asDouble();

        editor.drag(alpha, 120, 70);
        editor.until(d -> admin.endpointState(alpha).get("pos_x").asDouble() != x);
        Point moved = editor.location(alpha);
        assertThat(moved.getX()).isGreaterThan(before.getX() + 60);
        assertThat(moved.getY()).isGreaterThan(before.getY() + 30);

        editor.reload();
        editor.until(d -> editor.location(alpha).equals(moved));
        JsonNode saved = admin.endpointState(alpha);
        String left = editor.until(d -> editor.node(alpha).getCssValue("left"));
        assertThat(left).isEqualTo(saved.get("pos_x").asInt() + "px");
        // a click without movement opens the side panel (and a Close button closes it)
        WebElement panel = editor.openPanel(alpha);
        assertThat(panel.findElement(By.tagName("h2")).getText()).isEqualTo("alpha");
        editor.closePanel();
    }

    @Test
    void switchesTheRoutingModeAndTheAffinityOnTheIncomingNode() {
        FlowEditor editor = editor();
        assertThat(editor.incomingNode().findElements(By.cssSelector("#routing-mode, #affinity"))).hasSize(2);

        editor.routing("priority");
        editor.until(d -> "priority".equals(admin.state().get("routing_mode").asText()));
        editor.until(d -> editor.footer("f-mode").equals("priority"));
        editor.affinity("prefix");
        editor.until(d -> "prefix".equals(admin.state().get("affinity").asText()));
        editor.until(d -> driver.findElement(By.id("f-affinity-box")).isDisplayed());
        editor.routing("percentage");
        editor.until(d -> "percentage".equals(admin.state().get("routing_mode").asText()));
        editor.affinity("none");
        editor.until(d -> "none".equals(admin.state().get("affinity").asText()));
    }

    @Test
    void theTopBarIsOneLineAt1400And1920Pixels() throws Exception {
        alpha(true);
        FlowEditor editor = editor();
        editor.theme("light");
        editor.windowWidth(1400);
        editor.until(d -> editor.topBarOnOneLine());
        editor.shot("topbar-1400-light");
        editor.theme("dark");
        editor.windowWidth(1920);
        editor.until(d -> editor.topBarOnOneLine());
        editor.shot("topbar-1920-dark");
    }

    @Test
    void liveNumbersFollowTheTraffic() throws Exception {
        long alpha = alpha(true);
        FlowEditor editor = editor();
        editor.awaitWire("incoming", alpha);
        WebElement node = editor.node(alpha);
        String idleText = node.findElement(By.cssSelector(".stats")).getText();
        // the endpoint reports its own load, as vLLM does when asked
        upstream.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(FakeUpstreams.COMPLETION.formatted("alpha"))
                .withHeader("endpoint-load-metrics",
                        "TEXT named_metrics.kv_cache_usage_perc=0.25, named_metrics.num_requests_waiting=3.0")));

        for (int i = 0; i < 5; i++) {
            assertThat(chat().statusCode()).isEqualTo(200);
        }

        editor.until(d -> !node.findElement(By.cssSelector(".stats")).getText().equals(idleText));
        editor.until(d -> !editor.footer("f-tps").equals("0.0"));
        // numbers are updated in place: the node element survives the polls
        WebElement same = editor.node(alpha);
        editor.until(d -> {
            try {
                return same.isDisplayed() && !editor.footer("f-rps").isEmpty();
            } catch (StaleElementReferenceException e) {
                return false;
            }
        });
        assertThat(same.getAttribute("data-endpoint-id")).isEqualTo(Long.toString(alpha));
        // answers by status class and latency on the node
        editor.until(d -> editor.nodePart(alpha, ".answers").startsWith("2xx 5 · 4xx 0 · 5xx 0"));
        assertThat(editor.nodePart(alpha, ".stats")).containsPattern("\\d+ ms avg").contains("– TTFT p50");
        // the answer's report, and the GET /load polled every 0.5 s
        editor.until(() -> "load signal: " + editor.nodePart(alpha, ".load-signal"), d -> editor.nodePart(alpha,
                ".load-signal").matches("queue 3 · KV 25% \\(\\d+\\.\\d s ago\\) · serving 5 \\(\\d+\\.\\d s ago\\)"));
        editor.shot("canvas-load-signal");
    }

    @Test
    void anEndpointInCooldownIsMarked() throws Exception {
        long alpha = alpha(false);
        long dead = admin.endpoint("dead", URI.create("http://127.0.0.1:" + closedPort() + "/v1"),
                "pos_x", 420, "pos_y", 420);
        FlowEditor editor = editor();

        assertThat(chat().statusCode()).isGreaterThanOrEqualTo(500);

        editor.until(d -> admin.endpointState(dead).get("in_cooldown").asBoolean());
        editor.until(d -> editor.node(dead).getAttribute("class").contains("cooling"));
        editor.until(d -> editor.nodePart(dead, ".cooldown-mark")
                .matches("cooling down · \\d+ s · 1 failure in a row; last: connection refused"));
        WebElement lastError = editor.node(dead).findElement(By.cssSelector(".last-error"));
        assertThat(lastError.getText()).matches("last error \\d+ s ago: connection refused");
        assertThat(lastError.getAttribute("title")).contains("connection refused [refused]").contains("request ");
        // a long base URL without /v1: cut with an ellipsis, whole on hover, and the hint says what to change
        String longUrl = upstream.baseUrl() + "/a/long/path/that/does/not/fit/into/the/node";
        long bare = admin.endpoint("no-v1", URI.create(longUrl), "connected", false, "pos_x", 760, "pos_y", 240);
        WebElement url = editor.node(bare).findElement(By.cssSelector(".node-sub.url"));
        assertThat(url.getAttribute("title")).isEqualTo(longUrl);
        assertThat((Boolean) editor.script("return arguments[0].scrollWidth > arguments[0].clientWidth", url))
                .as("URL cut, not wrapped").isTrue();
        assertThat(url.getSize().getHeight()).isLessThan(24);
        editor.until(() -> "node text: " + editor.node(bare).getText() + " / discovery: " + admin.endpointState(bare).get("discovery"),
                d -> editor.nodePart(bare, ".discovery").startsWith("models: base_url does not end in /v1"));
        assertThat(editor.node(bare).findElement(By.cssSelector(".discovery")).getAttribute("title"))
                .contains("model discovery failed").contains("HTTP 404").contains(longUrl + "/v1");
        assertThat(editor.node(dead).getCssValue("border-left-color"))
                .isNotEqualTo(editor.node(alpha).getCssValue("border-left-color"));
        assertThat(editor.node(dead).getText()).contains("1 failures");
        editor.theme("dark");
        editor.shot("canvas-cooldown-dark");
        editor.theme("light");
        editor.shot("canvas-cooldown-light");
    }

    @Test
    void markupFromTheApiIsShownAsText() throws Exception {
        long alpha = alpha(false);
        long evil = admin.endpoint(XSS_NAME, URI.create(XSS_URL), "connected", false, "pos_x", 760, "pos_y", 40);
        String blockName = "<b>pool</b><script>alert(2)</script>";
        Admin.Answer block = admin.call("POST", "/incoming-blocks",
                Map.of("name", blockName, "pool_name", "team-a", "endpoint_ids", List.of(alpha), "pos_x", 40, "pos_y", 420));
        assertThat(block.status()).as(block.raw().body()).isEqualTo(201);
        String tokenName = "<i onmouseover=alert(3)>tok</i>";
        FlowEditor editor = editor();

        WebElement node = editor.node(evil);
        assertThat(node.findElement(By.cssSelector(".node-title")).getText()).isEqualTo(XSS_NAME);
        assertThat(node.findElement(By.cssSelector(".node-sub.url")).getText()).isEqualTo(XSS_URL);
        assertThat(editor.blockNode().findElement(By.cssSelector(".node-title")).getText()).isEqualTo(blockName);
        editor.awaitWire("block-" + block.body().get("id").asLong(), alpha);
        assertThat(editor.none("#nodes img, #nodes script, #nodes .node-title *, #nodes .node-sub *")).isTrue();

        // the side panel shows the name as its heading, as text
        WebElement panel = editor.openPanel(evil);
        assertThat(panel.findElement(By.tagName("h2")).getText()).isEqualTo(XSS_NAME);
        assertThat(panel.findElements(By.tagName("img"))).isEmpty();
        editor.theme("light");
        editor.shot("panel-light");
        editor.theme("dark");
        editor.shot("panel-dark");
        editor.closePanel();

        // a client token created in the UI: shown once with a copy button, its name as text
        WebElement tokens = editor.dialog("open-tokens", "tokens-dialog");
        tokens.findElement(By.id("token-name")).sendKeys(tokenName);
        tokens.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement value = editor.visible(By.id("new-token-value"));
        assertThat(value.getAttribute("value")).isNotBlank();
        assertThat(tokens.findElement(By.xpath(".//button[text()='Copy']")).isDisplayed()).isTrue();
        editor.until(d -> tokens.findElements(By.cssSelector("tbody td")).stream().anyMatch(td -> td.getText().equals(tokenName)));
        assertThat(tokens.findElements(By.cssSelector("tbody i"))).isEmpty();
        editor.shot("tokens-dark");
        editor.theme("light");
        editor.shot("tokens-light");
        editor.close(tokens);
        assertNoAlert();
        assertThat(admin.call("GET", "/tokens", null).body().get(0).get("name").asText()).isEqualTo(tokenName);
    }

    @Test
    void operationsAuditAndBlocksDialogs() throws Exception {
        long alpha = alpha(true);
        assertThat(chat().statusCode()).isEqualTo(200);
        assertThat(admin.call("POST", "/incoming-blocks", Map.of("name", "team-a", "pool_name", "team-a")).status())
                .isEqualTo(201);
        FlowEditor editor = editor();
        editor.until(d -> admin.endpointState(alpha).get("requests").asLong() == 1);
        editor.theme("light");

        WebElement ops = editor.dialog("open-ops", "ops-dialog");
        ops.findElement(By.cssSelector("button[data-op='reset-stats']")).click();
        editor.confirm("confirm-light");
        editor.until(d -> admin.endpointState(alpha).get("requests").asLong() == 0);
        editor.until(d -> ops.findElement(By.cssSelector("[role=status]")).getText().contains("done"));
        editor.close(ops);

        WebElement audit = editor.dialog("open-audit", "audit-dialog");
        // newest first: the reset just made, not the one before this test
        editor.until(d -> audit.findElements(By.cssSelector("tbody tr")).stream().findFirst()
                .map(row -> row.getText().contains("POST reset-stats")).orElse(false));
        assertThat(audit.getText()).containsPattern("POST endpoints endpoint 'alpha' \\(id \\d+\\)");
        editor.theme("dark");
        editor.shot("audit-dark");
        editor.close(audit);

        WebElement blocks = editor.dialog("open-blocks", "blocks-dialog");
        blocks.findElement(By.id("block-name")).sendKeys("team-b");
        blocks.findElement(By.id("block-pool")).sendKeys("team-b");
        new Select(blocks.findElement(By.id("block-affinity"))).selectByValue("prefix");
        blocks.findElement(By.cssSelector("button[type=submit]")).click();
        editor.until(d -> admin.call("GET", "/incoming-blocks", null).body().size() == 2);
        assertThat(admin.call("GET", "/incoming-blocks", null).body().findValuesAsText("affinity"))
                .as("the new block's own affinity, chosen in the dialog").contains("prefix");
        editor.shot("blocks-dark");
        editor.close(blocks);
        editor.until(d -> editor.blockNodes() == 2);
        editor.until(d -> d.findElements(By.cssSelector(".node.block")).stream()
                .anyMatch(n -> n.getText().contains("/v1/team-b · global · prefix affinity")));
        editor.theme("light");
        editor.shot("canvas-light");
        editor.theme("dark");
        editor.shot("canvas-dark");
    }

    @Test
    void theThemeSurvivesAReload() {
        FlowEditor editor = editor();
        editor.theme("dark");
        editor.reload();
        assertThat(editor.theme()).isEqualTo("dark");
        editor.theme("light");
        editor.reload();
        assertThat(editor.theme()).isEqualTo("light");
    }

    @Test
    void aWrongTokenShowsTheBanner() throws Exception {
        FlowEditor editor = editor();
        editor.theme("light");

        editor.useToken("not-the-admin-token");
        assertThat(editor.awaitBanner().getText()).contains("Connection lost");
        editor.shot("banner-light");

        editor.useToken(LbServer.ADMIN_TOKEN);
        editor.invisible(By.id("banner"));
    }

    @Test
    void aStoppedServerShowsTheBanner() throws Exception {
        // a server of its own: the shared one keeps running for the other tests
        try (LbServer own = LbServer.start("ui-stopped", ENV)) {
            FlowEditor editor = FlowEditor.open(driver, own.uri(), LbServer.ADMIN_TOKEN);
            editor.invisible(By.id("banner"));

            own.stop();

            assertThat(editor.awaitBanner().getText()).contains("Connection lost");
            assertNoAlert();
        }
    }

    static int closedPort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
