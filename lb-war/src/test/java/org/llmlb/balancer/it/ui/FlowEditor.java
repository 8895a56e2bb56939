package org.llmlb.balancer.it.ui;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

import org.llmlb.testsupport.HeadlessChrome;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Point;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin UI's flow editor as a user sees it: the top bar, the canvas with its nodes and wires,
 * the side panel, the dialogs and the footer. Tests say what they do ("draw a wire to alpha"),
 * this class knows the page's elements.
 */
public final class FlowEditor {

    static final Path SHOTS = Path.of("target", "screenshots");

    private final WebDriver driver;
    private final WebDriverWait wait;
    private final String adminToken;

    private FlowEditor(WebDriver driver, String adminToken) {
        this.driver = driver;
        this.adminToken = adminToken;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(15));
        // the live refresh may rebuild a node between finding it and reading it: look again
        wait.ignoring(StaleElementReferenceException.class);
    }

    /** Opens {@code /admin/} and signs in with {@code adminToken}, which the tab keeps in its sessionStorage. */
    public static FlowEditor open(WebDriver driver, URI server, String adminToken) {
        FlowEditor editor = load(driver, server, adminToken);
        editor.useToken(adminToken);
        return editor;
    }

    /** Opens {@code /admin/} with no token entered in this tab yet. */
    public static FlowEditor load(WebDriver driver, URI server, String adminToken) {
        driver.get(server.resolve("/admin/").toString());
        FlowEditor editor = new FlowEditor(driver, adminToken);
        editor.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("admin-token")));
        return editor;
    }

    public WebDriver driver() {
        return driver;
    }

    /** Waits until {@code condition} gives a value other than null or false, for up to 15 s. */
    public <T> T until(Function<WebDriver, T> condition) {
        return wait.until(condition);
    }

    /** As {@link #until(Function)}, failing with {@code message} (read on failure). */
    public <T> T until(Supplier<String> message, Function<WebDriver, T> condition) {
        WebDriverWait described = new WebDriverWait(driver, Duration.ofSeconds(15));
        described.ignoring(StaleElementReferenceException.class);
        return described.withMessage(message).until(condition);
    }

    /** Enters a token in the top bar; with the right one, waits for the canvas. */
    public void useToken(String token) {
        WebElement field = driver.findElement(By.id("admin-token"));
        field.clear();
        field.sendKeys(token);
        driver.findElement(By.cssSelector("#token-form button[type=submit]")).click();
        if (adminToken.equals(token)) {
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".node.incoming")));
        }
    }

    public void reload() {
        driver.navigate().refresh();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".node.incoming")));
    }

    // the canvas

    public WebElement incomingNode() {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".node.incoming")));
    }

    public WebElement node(long endpointId) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".node.endpoint[data-endpoint-id='" + endpointId + "']")));
    }

    public WebElement blockNode() {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".node.block")));
    }

    public int blockNodes() {
        return driver.findElements(By.cssSelector(".node.block")).size();
    }

    /** The text of one part of an endpoint's node, e.g. {@code .stats}, {@code .answers}, {@code .discovery}. */
    public String nodePart(long endpointId, String css) {
        return wait.until(d -> node(endpointId).findElement(By.cssSelector(css)).getText());
    }

    public Point location(long endpointId) {
        return wait.until(d -> node(endpointId).getLocation());
    }

    /** Drags the node by its title, in two moves (so the editor sees a drag, not a click). */
    public void drag(long endpointId, int dx, int dy) {
        // found and dragged in one go; a refresh that rebuilt the node in between means: again
        wait.until(d -> {
            WebElement title = node(endpointId).findElement(By.cssSelector(".node-title"));
            new Actions(driver).clickAndHold(title).moveByOffset(dx / 4, dy / 4)
                    .moveByOffset(dx - dx / 4, dy - dy / 4).release().perform();
            return true;
        });
    }

    public static By wire(String source, long endpointId) {
        return By.cssSelector(".wire[data-source='" + source + "'][data-target='endpoint-" + endpointId + "']");
    }

    /** Draws a wire from the Incoming node's port to the endpoint's node; returns it once drawn. */
    public WebElement wireFromIncoming(long endpointId) {
        WebElement port = driver.findElement(By.cssSelector(".node.incoming .port.out"));
        new Actions(driver).clickAndHold(port).moveByOffset(40, 10).moveToElement(node(endpointId)).release().perform();
        return awaitWire("incoming", endpointId);
    }

    public WebElement awaitWire(String source, long endpointId) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(wire(source, endpointId)));
    }

    public void awaitNoWire(String source, long endpointId) {
        wait.until(ExpectedConditions.numberOfElementsToBe(wire(source, endpointId), 0));
    }

    public void click(WebElement element) {
        new Actions(driver).moveToElement(element).click().perform();
    }

    public boolean none(String css) {
        return driver.findElements(By.cssSelector(css)).isEmpty();
    }

    // the global routing, on the Incoming node

    public void routing(String mode) {
        new Select(driver.findElement(By.id("routing-mode"))).selectByValue(mode);
    }

    public void affinity(String affinity) {
        new Select(driver.findElement(By.id("affinity"))).selectByValue(affinity);
    }

    // the footer

    /** A footer value by its id, e.g. {@code f-mode}, {@code f-tps}, {@code f-rps}. */
    public String footer(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    // forms, the panel and dialogs

    public EndpointForm newEndpoint() {
        driver.findElement(By.id("new-endpoint")).click();
        return new EndpointForm(this, wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-endpoint-dialog"))));
    }

    /** A click without movement on the node's title opens the side panel. */
    public WebElement openPanel(long endpointId) {
        node(endpointId).findElement(By.cssSelector(".node-title")).click();
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("panel")));
    }

    public void closePanel() {
        driver.findElement(By.cssSelector("#panel .panel-head .close")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("panel")));
    }

    /** Opens a top-bar dialog, e.g. {@code open-tokens} → {@code tokens-dialog}. */
    public WebElement dialog(String button, String dialog) {
        driver.findElement(By.id(button)).click();
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(dialog)));
    }

    public void close(WebElement dialog) {
        dialog.findElement(By.cssSelector(".dialog-head .close")).click();
    }

    /** Answers the confirmation dialog with its dangerous button. */
    public void confirm(String screenshot) throws Exception {
        WebElement confirm = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("dialog.confirm")));
        if (screenshot != null) {
            shot(screenshot);
        }
        confirm.findElement(By.cssSelector("button.danger")).click();
    }

    public WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    public void invisible(By by) {
        wait.until(ExpectedConditions.invisibilityOfElementLocated(by));
    }

    // the page around it

    public WebElement banner() {
        return driver.findElement(By.id("banner"));
    }

    public WebElement awaitBanner() {
        return visible(By.id("banner"));
    }

    public String theme() {
        return (String) ((JavascriptExecutor) driver).executeScript("return document.documentElement.dataset.theme");
    }

    public void theme(String wanted) {
        if (!wanted.equals(theme())) {
            // a script click: an open modal dialog makes the header inert for the pointer
            ((JavascriptExecutor) driver).executeScript("document.getElementById('theme-toggle').click()");
        }
        wait.until(d -> wanted.equals(theme()));
    }

    /** Whether every visible item of the top bar sits on the same line. */
    public boolean topBarOnOneLine() {
        return (Boolean) ((JavascriptExecutor) driver).executeScript("""
                const items = [...document.querySelector('.topbar').children].filter(c => c.offsetParent !== null);
                const tops = new Set(items.map(c => Math.round(c.getBoundingClientRect().top
                        + c.getBoundingClientRect().height / 2)));
                return Math.max(...tops) - Math.min(...tops) < 10;""");
    }

    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    public void windowWidth(int width) {
        driver.manage().window().setSize(new Dimension(width, 900));
    }

    public void shot(String name) throws Exception {
        HeadlessChrome.screenshot(driver, SHOTS.resolve(name + ".png"));
    }
}
