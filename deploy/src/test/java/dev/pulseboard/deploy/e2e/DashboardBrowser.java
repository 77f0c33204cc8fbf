package dev.pulseboard.deploy.e2e;

import dev.pulseboard.deploy.provision.MailSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.Wait;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A user in Debian's headless Chromium: logs in through Keycloak and watches the live dashboard. */
final class DashboardBrowser {
    private DashboardBrowser() {}

    /**
     * Keycloak's login with organizations enabled asks for the username first and the password on a second page;
     * without organizations both are on one page. Either way: fill what is shown, submit, repeat.
     */
    private static void login(WebDriver driver, Wait<WebDriver> wait, String user, String password) {
        wait.until(d -> !d.findElements(By.id("username")).isEmpty());
        driver.findElement(By.id("username")).sendKeys(user);
        if (driver.findElements(By.id("password")).isEmpty()) {
            driver.findElement(By.id("kc-login")).click();
            wait.until(d -> !d.findElements(By.id("password")).isEmpty());
        }
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
    }

    /** What the sign-up pages showed: what the link signs up, then (once) the key and the snippets. */
    record SignupPage(String summary, String key, String curl, String statsd) {}

    /**
     * Signs up through the web UI as a new user does: the form, then the link from the mail the local mail sink
     * received, where the password is chosen; returns what the page shows once, saving a screenshot.
     */
    static SignupPage signup(
            String baseUrl,
            String mailApiUrl,
            String organization,
            String tenant,
            String email,
            String password,
            Path screenshot)
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
            driver.findElement(By.id("signup-submit")).click();
            wait.until(d ->
                    d.findElement(By.id("sent-panel")).isDisplayed() ? Boolean.TRUE : failIfShown(d, "signup-error"));
            String link = new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> {
                for (MailSink.Message m : MailSink.inbox(mailApiUrl, email)) {
                    Matcher found = VERIFY_LINK.matcher(m.text());
                    if (found.find()) {
                        return found.group();
                    }
                }
                return null;
            });
            driver.get(link);
            wait.until(d ->
                    d.findElement(By.id("verify-form")).isDisplayed() ? Boolean.TRUE : failIfShown(d, "verify-error"));
            String summary = driver.findElement(By.id("verify-summary")).getText();
            driver.findElement(By.id("password")).sendKeys(password);
            driver.findElement(By.id("verify-submit")).click();
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
                                + driver.findElement(By.id("verify-error")).getText(),
                        e);
            }
            save(driver, screenshot);
            return new SignupPage(
                    summary,
                    key.getText(),
                    driver.findElement(By.id("snippet-curl")).getText(),
                    driver.findElement(By.id("snippet-statsd")).getText());
        });
    }

    private static final String INVITATION_PLACEHOLDER = "Looking up your invitation…";

    private static final Pattern VERIFY_LINK = Pattern.compile("http://\\S+/verify\\.html#\\S+");

    /** null while the error element is empty (keep waiting); an assertion error with its text once it is not. */
    private static Boolean failIfShown(WebDriver driver, String errorId) {
        String error = driver.findElement(By.id(errorId)).getText();
        if (!error.isEmpty()) {
            throw new AssertionError("the page refused: " + error);
        }
        return null;
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

    /** What a user saw going through the operations dashboard (see {@link #operationsDashboardJourney}). */
    record DashboardJourney(
            int liveSeries,
            double secondsPerRefresh,
            Set<String> newestPointsSeen,
            int seriesAfterChoosingOneInstance,
            String urlAfterChoosing,
            String drillUrl,
            List<String> detailPaths,
            String backUrl,
            List<String> instanceSelectedAfterBack,
            String titleAfterSave,
            String titleAfterReload,
            String sourceAfterReload,
            String listedAs) {}

    private static WebElement panel(WebDriver driver, int id) {
        return driver.findElement(By.cssSelector(".gpanel[data-panel-id='" + id + "']"));
    }

    private static int attr(WebElement element, String name) {
        String value = element.getDomAttribute(name);
        return value == null || value.isEmpty() ? 0 : Integer.parseInt(value);
    }

    /**
     * Logs in on the operations dashboard and goes where a user goes: waits for live data and times four refreshes,
     * chooses one instance, drills down from its series to the detail dashboard, widens the range there, goes back
     * with the dashboard's link, then edits the dashboard's title as JSON, saves it and reloads. Screenshots of each
     * view go to {@code screenshots}.
     */
    static DashboardJourney operationsDashboardJourney(String appBase, String user, String password, Path screenshots)
            throws Exception {
        return withBrowser(driver -> {
            try {
                return journey(driver, appBase, user, password, screenshots);
            } catch (org.openqa.selenium.TimeoutException e) {
                save(driver, screenshots.resolve("dashboard-journey-failure.png"));
                throw new AssertionError(
                        "stuck at " + driver.getCurrentUrl() + "; the page says: "
                                + driver.findElement(By.tagName("main")).getText(),
                        e);
            }
        });
    }

    private static DashboardJourney journey(
            WebDriver driver, String appBase, String user, String password, Path screenshots) throws Exception {
        driver.get(appBase + "/app/dashboard.html?uid=pulseboard-ops");
        Wait<WebDriver> wait = waiting(driver, Duration.ofSeconds(30));
        login(driver, wait, user, password);
        Wait<WebDriver> live = waiting(driver, Duration.ofSeconds(90));
        live.until(d ->
                !d.findElements(By.cssSelector(".gpanel[data-panel-id='1']")).isEmpty()
                        && "live".equals(panel(d, 1).getDomAttribute("data-state"))
                        && attr(panel(d, 1), "data-series") > 1);
        int liveSeries = attr(panel(driver, 1), "data-series");
        save(driver, screenshots.resolve("operations-dashboard.png"));

        int before = attr(panel(driver, 1), "data-refreshes");
        Set<String> newest = new java.util.TreeSet<>();
        long began = System.nanoTime();
        long[] fourthRefresh = new long[1];
        // four refreshes timed; watched on until the newest point has moved at least twice (a 1 s step at 5 min)
        waiting(driver, Duration.ofSeconds(15)).until(d -> {
            newest.add(panel(d, 1).getDomAttribute("data-newest"));
            if (fourthRefresh[0] == 0 && attr(panel(d, 1), "data-refreshes") >= before + 4) {
                fourthRefresh[0] = System.nanoTime();
            }
            return fourthRefresh[0] != 0 && newest.size() >= 3;
        });
        double secondsPerRefresh = (fourthRefresh[0] - began) / 1e9 / 4;

        Select instance = new Select(driver.findElement(By.id("var-instance")));
        instance.deselectAll();
        instance.selectByValue("web-3");
        wait.until(d -> attr(panel(d, 1), "data-series") == 1
                && panel(d, 1)
                        .findElement(By.cssSelector("ul.legend"))
                        .getText()
                        .startsWith("web-3"));
        int seriesAfterChoosing = attr(panel(driver, 1), "data-series");
        String urlAfterChoosing = driver.getCurrentUrl();

        // the legend is redrawn every second: find and click in one go, again if it was redrawn in between
        wait.until(d -> {
            panel(d, 1).findElement(By.cssSelector("ul.legend a.drill")).click();
            return true;
        });
        wait.until(d -> d.getCurrentUrl().contains("uid=pulseboard-ops-detail")
                && !d.findElements(By.cssSelector(".gpanel[data-panel-id='1']")).isEmpty()
                && "live".equals(panel(d, 1).getDomAttribute("data-state"))
                && attr(panel(d, 1), "data-series") >= 3);
        String drillUrl = driver.getCurrentUrl();
        List<String> paths = wait.until(d -> d
                .findElement(By.cssSelector(".gpanel[data-panel-id='1'] ul.legend"))
                .findElements(By.cssSelector(".series-name"))
                .stream()
                .map(WebElement::getText)
                .toList());
        save(driver, screenshots.resolve("operations-detail.png"));

        new Select(driver.findElement(By.id("time-range"))).selectByValue("now-15m");
        wait.until(d -> d.getCurrentUrl().contains("from=now-15m"));
        wait.until(d -> {
            d.findElement(By.linkText("Back to operations")).click();
            return true;
        });
        wait.until(d -> d.getCurrentUrl().contains("uid=pulseboard-ops&")
                && !d.findElements(By.id("var-instance")).isEmpty()
                && !d.findElements(By.cssSelector(".gpanel[data-panel-id='1']")).isEmpty()
                && "live".equals(panel(d, 1).getDomAttribute("data-state")));
        String backUrl = driver.getCurrentUrl();
        List<String> selectedAfterBack = new Select(driver.findElement(By.id("var-instance")))
                .getAllSelectedOptions().stream()
                        .map(o -> o.getDomAttribute("value"))
                        .toList();

        driver.findElement(By.id("edit-toggle")).click();
        ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeScript(
                        "const t = document.getElementById('dashboard-json');"
                                + "const m = JSON.parse(t.value); m.title = arguments[0];"
                                + "t.value = JSON.stringify(m, null, 2);",
                        "Operations, edited in the browser test");
        driver.findElement(By.id("save-dashboard")).click();
        wait.until(d -> {
            String error = d.findElement(By.id("save-status")).getText();
            if (d.findElement(By.id("save-status")).getDomAttribute("class") != null
                    && d.findElement(By.id("save-status"))
                            .getDomAttribute("class")
                            .contains("error")) {
                throw new AssertionError("the page refused to save: " + error);
            }
            return d.findElement(By.id("dashboard-title")).getText().contains("edited");
        });
        String titleAfterSave = driver.findElement(By.id("dashboard-title")).getText();
        driver.navigate().refresh();
        wait.until(d -> !d.findElement(By.id("dashboard-title")).getText().equals("…")
                && !d.findElement(By.id("dashboard-source")).getText().isEmpty());
        String titleAfterReload = driver.findElement(By.id("dashboard-title")).getText();
        String sourceAfterReload = driver.findElement(By.id("dashboard-source")).getText();
        live.until(d ->
                !d.findElements(By.cssSelector(".gpanel[data-panel-id='1']")).isEmpty()
                        && "live".equals(panel(d, 1).getDomAttribute("data-state")));
        save(driver, screenshots.resolve("operations-edited.png"));
        driver.get(appBase + "/app/dashboards.html");
        String listed = wait.until(d -> {
            var rows = d.findElements(By.cssSelector("#dashboards tr[data-uid='pulseboard-ops']"));
            return rows.isEmpty() ? null : rows.get(0).getText();
        });
        save(driver, screenshots.resolve("dashboards-list.png"));
        return new DashboardJourney(
                liveSeries,
                secondsPerRefresh,
                newest,
                seriesAfterChoosing,
                urlAfterChoosing,
                drillUrl,
                paths,
                backUrl,
                selectedAfterBack,
                titleAfterSave,
                titleAfterReload,
                sourceAfterReload,
                listed);
    }

    /** What is checked from outside while the keys page holds a key it just created. */
    interface KeyCheck {
        void check(String key) throws Exception;
    }

    /** What the keys page showed: the new key, its snippet, and its row before and after revoking it. */
    record KeysPage(String key, String snippet, String rowWhenCreated, String rowWhenUsed, String rowWhenRevoked) {}

    /**
     * Logs in on the keys page, creates a key with the one {@code scope} ("ingest" or "read"), hands it to
     * {@code whileActive}, which uses it, reloads the page until the key's row shows its last use, revokes it on the page (the confirmation accepted), hands it to {@code afterRevoking}, and
     * saves a screenshot.
     */
    static KeysPage createAndRevokeKey(
            String appBase,
            String scope,
            String user,
            String password,
            KeyCheck whileActive,
            KeyCheck afterRevoking,
            Path screenshot)
            throws Exception {
        return withBrowser(driver -> {
            driver.get(appBase + "/app/keys.html");
            Wait<WebDriver> wait = waiting(driver, Duration.ofSeconds(30));
            login(driver, wait, user, password);
            wait.until(d -> !d.findElement(By.id("whoami")).getText().equals("…"));
            for (String each : new String[] {"ingest", "read"}) {
                WebElement box = driver.findElement(By.id("scope-" + each));
                if (box.isSelected() != each.equals(scope)) {
                    box.click();
                }
            }
            driver.findElement(By.id("create-key")).click();
            String key = wait.until(d -> {
                String error = d.findElement(By.id("create-error")).getText();
                if (!error.isEmpty()) {
                    throw new AssertionError("the page refused the key: " + error);
                }
                String shown = d.findElement(By.id("created-key")).getText();
                return shown.isEmpty() ? null : shown;
            });
            String snippet = driver.findElement(By.id("created-snippet")).getText();
            By row = By.cssSelector("#keys tr[data-prefix='" + key.substring(0, "pbk_".length() + 8) + "']");
            String rowWhenCreated = wait.until(d -> {
                var rows = d.findElements(row);
                return rows.isEmpty() ? null : rows.get(0).getText();
            });
            whileActive.check(key);
            // the gateway or the query frontend reports the use within its 10 s interval, tenant-service writes it
            // within 5 s more: the page shows it once reloaded
            String rowWhenUsed = waiting(driver, Duration.ofSeconds(45)).until(d -> {
                d.navigate().refresh();
                String text = waiting(d, Duration.ofSeconds(10)).until(x -> {
                    var rows = x.findElements(row);
                    return rows.isEmpty() ? null : rows.get(0).getText();
                });
                return text.contains("never") ? null : text;
            });
            save(driver, screenshot);
            driver.findElement(row).findElement(By.tagName("button")).click();
            wait.until(d -> {
                try {
                    d.switchTo().alert().accept();
                    return true;
                } catch (org.openqa.selenium.NoAlertPresentException e) {
                    return false;
                }
            });
            String rowWhenRevoked = wait.until(d -> {
                String text = d.findElement(row).getText();
                return text.contains("revoked") ? text : null;
            });
            afterRevoking.check(key);
            return new KeysPage(key, snippet, rowWhenCreated, rowWhenUsed, rowWhenRevoked);
        });
    }

    /**
     * Logs in on the members page as an owner, types the tenant id and deletes the organisation; returns what the page
     * then says, and saves a screenshot.
     */
    static String deleteOrganization(String appBase, String user, String password, String tenant, Path screenshot)
            throws Exception {
        return withBrowser(driver -> {
            driver.get(appBase + "/app/members.html");
            Wait<WebDriver> wait = waiting(driver, Duration.ofSeconds(30));
            login(driver, wait, user, password);
            wait.until(d -> d.findElement(By.id("delete-panel")).isDisplayed());
            driver.findElement(By.id("delete-confirm")).sendKeys(tenant);
            driver.findElement(By.id("delete-organization")).click();
            try {
                return wait.until(d -> {
                    String error = d.findElement(By.id("delete-error")).getText();
                    if (!error.isEmpty()) {
                        throw new AssertionError("the deletion was refused: " + error);
                    }
                    String text = d.findElement(By.id("deleted")).getText();
                    return text.isEmpty() ? null : text;
                });
            } finally {
                save(driver, screenshot);
            }
        });
    }

    /** What the usage page showed: its rows' text. */
    record UsagePage(String usage, String discardedRow, String limits) {}

    /**
     * Logs in on the usage page and waits (it refreshes every 10 s) until its discarded table has a row for
     * {@code reason}; saves a screenshot.
     */
    static UsagePage usagePage(String appBase, String user, String password, String reason, Path screenshot)
            throws Exception {
        return withBrowser(driver -> {
            driver.get(appBase + "/app/usage.html");
            Wait<WebDriver> wait = waiting(driver, Duration.ofSeconds(30));
            login(driver, wait, user, password);
            By row = By.cssSelector("#discarded tr[data-reason='" + reason + "']");
            String discarded;
            try {
                discarded = waiting(driver, Duration.ofSeconds(60)).until(d -> {
                    String error = d.findElement(By.id("usage-error")).getText();
                    if (!error.isEmpty()) {
                        throw new AssertionError("the usage page says: " + error);
                    }
                    var rows = d.findElements(row);
                    return rows.isEmpty() ? null : rows.get(0).getText();
                });
            } finally {
                save(driver, screenshot);
            }
            return new UsagePage(
                    driver.findElement(By.id("usage")).getText(),
                    discarded,
                    driver.findElement(By.id("limits")).getText());
        });
    }

    /** What the members journey saw. */
    record MembersJourney(
            String inviteLink,
            String invitationSummary,
            String newcomerWhoami,
            boolean newcomerSeesInviteForm,
            String memberRowAfterRoleChange,
            String auditLog) {}

    /**
     * Issue 8's members and invitations pages, in three browser sessions (three people's browsers): the owner invites
     * {@code newcomer} as editor on the members page and copies the link; the newcomer opens the link, creates their
     * account from it, logs in and looks at the members page in their role; the owner then makes them a viewer and reads
     * the audit log. Screenshots of each step go to {@code screenshots}.
     */
    static MembersJourney membersJourney(
            String appBase,
            String owner,
            String ownerPassword,
            String newcomer,
            String newcomerPassword,
            Path screenshots)
            throws Exception {
        String link = withBrowser(driver -> {
            driver.get(appBase + "/app/members.html");
            Wait<WebDriver> wait = waiting(driver, Duration.ofSeconds(30));
            login(driver, wait, owner, ownerPassword);
            wait.until(d -> !d.findElements(By.cssSelector("#members tr[data-member-id]"))
                    .isEmpty());
            driver.findElement(By.id("invite-email")).sendKeys(newcomer);
            new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("invite-role"))).selectByValue("editor");
            driver.findElement(By.id("invite-submit")).click();
            String shown = wait.until(d -> {
                String error = d.findElement(By.id("invite-error")).getText();
                if (!error.isEmpty()) {
                    throw new AssertionError("the page refused the invitation: " + error);
                }
                String text = d.findElement(By.id("invite-link")).getText();
                return text.isEmpty() ? null : text;
            });
            save(driver, screenshots.resolve("members-invite.png"));
            return shown;
        });
        String[] newcomerView = withBrowser(driver -> {
            driver.get(link);
            Wait<WebDriver> wait = waiting(driver, Duration.ofSeconds(30));
            String summary = wait.until(d -> {
                String error = d.findElement(By.id("invite-error")).getText();
                if (!error.isEmpty()) {
                    throw new AssertionError("the invitation page says: " + error);
                }
                String text = d.findElement(By.id("invitation-summary")).getText();
                // the page's placeholder (web-ui/src/invite.html) shows until the lookup has answered
                return text.isEmpty() || text.equals(INVITATION_PLACEHOLDER) ? null : text;
            });
            driver.findElement(By.id("first-name")).sendKeys("New");
            driver.findElement(By.id("last-name")).sendKeys("Comer");
            driver.findElement(By.id("password")).sendKeys(newcomerPassword);
            driver.findElement(By.id("register-submit")).click();
            wait.until(d -> {
                String error = d.findElement(By.id("invite-error")).getText();
                if (!error.isEmpty()) {
                    throw new AssertionError("registering from the invitation failed: " + error);
                }
                return d.findElement(By.id("go-to-app")).isDisplayed();
            });
            save(driver, screenshots.resolve("invitation-registered.png"));
            driver.get(appBase + "/app/members.html");
            login(driver, wait, newcomer, newcomerPassword);
            String whoami = wait.until(d -> {
                String text = d.findElement(By.id("whoami")).getText();
                return text.equals("…") ? null : text;
            });
            wait.until(d -> d.findElements(By.cssSelector("#members tr[data-member-id]"))
                            .size()
                    >= 2);
            boolean inviteForm = driver.findElement(By.id("invite-panel")).isDisplayed();
            save(driver, screenshots.resolve("members-as-editor.png"));
            return new String[] {summary, whoami, Boolean.toString(inviteForm)};
        });
        String[] ownerView = withBrowser(driver -> {
            driver.get(appBase + "/app/members.html");
            Wait<WebDriver> wait = waiting(driver, Duration.ofSeconds(30));
            login(driver, wait, owner, ownerPassword);
            By row = By.xpath("//table[@id='members']//tr[@data-member-id][contains(., '" + newcomer + "')]");
            wait.until(d -> !d.findElements(row).isEmpty());
            wait.until(d -> {
                new org.openqa.selenium.support.ui.Select(
                                d.findElement(row).findElement(By.cssSelector("select.member-role")))
                        .selectByValue("viewer");
                return true;
            });
            wait.until(d -> {
                String error = d.findElement(By.id("members-error")).getText();
                if (!error.isEmpty()) {
                    throw new AssertionError("the role change was refused: " + error);
                }
                return d.findElement(By.id("audit")).getText().contains("member.role-changed");
            });
            // The table is redrawn after the change: read it in a wait, which looks again after a redraw.
            String memberRow = wait.until(d -> {
                WebElement r = d.findElement(row);
                return r.getText() + " role="
                        + r.findElement(By.cssSelector("select.member-role")).getAttribute("value");
            });
            String audit = wait.until(d -> d.findElement(By.id("audit")).getText());
            save(driver, screenshots.resolve("members-audit.png"));
            return new String[] {memberRow, audit};
        });
        return new MembersJourney(
                link,
                newcomerView[0],
                newcomerView[1],
                Boolean.parseBoolean(newcomerView[2]),
                ownerView[0],
                ownerView[1]);
    }

    /**
     * A wait that polls every 100 ms and looks again when the page re-rendered what it was reading (panels redraw every
     * second, tables after each change).
     */
    private static Wait<WebDriver> waiting(WebDriver driver, Duration timeout) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(100))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class);
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
