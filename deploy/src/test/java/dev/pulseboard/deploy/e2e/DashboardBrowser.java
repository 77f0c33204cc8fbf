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
import org.openqa.selenium.support.ui.Select;
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

    /** What the webhooks page showed: the new rule's URL and secret, and the first row of the test table. */
    record WebhookPage(String url, String secret, String firstTestedSample) {}

    /**
     * Logs in on the webhooks page, creates a rule signed as {@code scheme} with the page's example mapping and a
     * generated secret, tries it on the page's example payload, saves a screenshot and returns what the page showed.
     */
    static WebhookPage createWebhookRule(String appBase, String user, String password, String scheme, Path screenshot)
            throws Exception {
        return withBrowser(driver -> {
            driver.get(appBase + "/app/webhooks.html");
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            login(driver, wait, user, password);
            wait.until(d -> !d.findElements(By.id("rule-mapping")).isEmpty()
                    && !d.findElement(By.id("rule-mapping"))
                            .getDomProperty("value")
                            .isEmpty()
                    && !d.findElement(By.id("whoami")).getText().equals("…"));
            WebElement name = driver.findElement(By.id("rule-name"));
            name.clear();
            name.sendKeys("E2E payments");
            new Select(driver.findElement(By.id("rule-scheme"))).selectByValue(scheme);
            driver.findElement(By.cssSelector("#create button[type=submit]")).click();
            wait.until(d -> {
                String error = d.findElement(By.id("create-error")).getText();
                if (!error.isEmpty()) {
                    throw new AssertionError("the page refused the rule: " + error);
                }
                return !d.findElement(By.id("created")).getDomAttribute("class").contains("hidden");
            });
            String url = driver.findElement(By.id("created-url")).getText();
            String secret = driver.findElement(By.id("created-secret")).getText();
            driver.findElement(By.id("test-run")).click();
            WebElement firstRow = wait.until(d -> {
                var rows = d.findElements(By.cssSelector("#test-samples tbody tr"));
                return rows.isEmpty() ? null : rows.get(0);
            });
            String tested = firstRow.getText();
            ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", firstRow);
            save(driver, screenshot);
            return new WebhookPage(url, secret, tested);
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
