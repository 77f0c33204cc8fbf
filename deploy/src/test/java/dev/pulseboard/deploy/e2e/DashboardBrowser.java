package dev.pulseboard.deploy.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A user in Debian's headless Chromium: logs in through Keycloak and watches the live dashboard. */
final class DashboardBrowser {
    private DashboardBrowser() {}

    /**
     * Keycloak's login with organizations enabled asks for the username first and the password on a second page;
     * without organizations both are on one page. Either way: fill what is shown, submit, repeat.
     */
    private static void login(WebDriver driver, WebDriverWait wait, String user, String password) {
        wait.until(d -> !d.findElements(By.id("username")).isEmpty());
        driver.findElement(By.id("username")).sendKeys(user);
        if (driver.findElements(By.id("password")).isEmpty()) {
            driver.findElement(By.id("kc-login")).click();
            wait.until(d -> !d.findElements(By.id("password")).isEmpty());
        }
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
    }

    /** What the sign-up page showed once: the key and the snippets. */
    record SignupPage(String key, String curl, String statsd) {}

    /** Signs up through the web UI's form and returns what the page shows once, saving a screenshot. */
    static SignupPage signup(
            String baseUrl, String organization, String tenant, String email, String password, Path screenshot)
            throws Exception {
        return withBrowser(driver -> {
            driver.get(baseUrl + "/");
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            wait.until(d -> !d.findElements(By.id("signup-form")).isEmpty());
            driver.findElement(By.id("organization")).sendKeys(organization);
            driver.findElement(By.id("tenant")).sendKeys(tenant);
            driver.findElement(By.id("firstName")).sendKeys("E2E");
            driver.findElement(By.id("lastName")).sendKeys("Browser");
            driver.findElement(By.id("email")).sendKeys(email);
            driver.findElement(By.id("password")).sendKeys(password);
            driver.findElement(By.id("signup-submit")).click();
            WebElement key;
            try {
                key = wait.until(d -> {
                    WebElement k = d.findElement(By.id("ingest-key"));
                    return k.isDisplayed() && !k.getText().isEmpty() ? k : null;
                });
            } catch (org.openqa.selenium.TimeoutException e) {
                save(driver, screenshot);
                throw new AssertionError(
                        "no key shown; the page says: "
                                + driver.findElement(By.id("signup-error")).getText(),
                        e);
            }
            save(driver, screenshot);
            return new SignupPage(
                    key.getText(),
                    driver.findElement(By.id("snippet-curl")).getText(),
                    driver.findElement(By.id("snippet-statsd")).getText());
        });
    }

    /** Logs in, waits for a live chart, saves a screenshot and returns the number of points drawn. */
    static int loginAndCapture(String appUrl, String user, String password, Path screenshot) throws Exception {
        return withBrowser(driver -> {
            driver.get(appUrl);
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            login(driver, wait, user, password);
            WebElement chart = wait.until(d -> {
                var found = d.findElements(By.id("chart"));
                return found.isEmpty() ? null : found.get(0);
            });
            new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> {
                String points = chart.getDomAttribute("data-points");
                String status = d.findElement(By.id("status")).getDomAttribute("class");
                return points != null && Integer.parseInt(points) > 10 && "live".equals(status);
            });
            // one more refresh after the chart went live, so the screenshot shows a fuller line
            String drawn = chart.getDomAttribute("data-points");
            new WebDriverWait(driver, Duration.ofSeconds(10))
                    .until(d -> !drawn.equals(chart.getDomAttribute("data-points")));
            save(driver, screenshot);
            return Integer.parseInt(chart.getDomAttribute("data-points"));
        });
    }

    interface BrowserSession<T> {
        T run(WebDriver driver) throws Exception;
    }

    private static void save(WebDriver driver, Path screenshot) throws Exception {
        Files.createDirectories(screenshot.getParent());
        Files.write(screenshot, ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    private static <T> T withBrowser(BrowserSession<T> session) throws Exception {
        ChromeOptions options = new ChromeOptions()
                .setBinary(System.getenv().getOrDefault("PB_CHROMIUM", "/usr/bin/chromium"))
                .addArguments(
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                        "--disable-quic",
                        "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getenv().getOrDefault("PB_CHROMEDRIVER", "/usr/bin/chromedriver"))
                        .toFile())
                .build();
        WebDriver driver = new ChromeDriver(service, options);
        try {
            driver.manage().window().setSize(new Dimension(1280, 900));
            return session.run(driver);
        } finally {
            driver.quit();
            service.stop();
        }
    }
}
