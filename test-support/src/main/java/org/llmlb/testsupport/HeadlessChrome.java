package org.llmlb.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The system's Chromium and chromedriver (Debian packages), headless, for the browser tests.
 * Selenium stays offline: no Selenium Manager downloading a browser or driver.
 */
public final class HeadlessChrome {

    public static final String CHROMIUM = "/usr/bin/chromium";
    public static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    /** The reason to give {@code assumeTrue} when {@link #available()} is false. */
    public static final String REQUIRES = "needs chromium and chromium-driver (apt-get install chromium chromium-driver)";

    private HeadlessChrome() {
    }

    public static boolean available() {
        return new File(CHROMEDRIVER).canExecute() && new File(CHROMIUM).canExecute();
    }

    /** A new browser with a 1400×900 window; the caller quits it. */
    public static WebDriver start() {
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1400,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Saves what the browser shows as a PNG, creating the folder if needed. */
    public static void screenshot(WebDriver driver, Path file) throws IOException {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Files.copy(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    }
}
