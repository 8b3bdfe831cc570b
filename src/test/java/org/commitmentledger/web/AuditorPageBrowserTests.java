package org.commitmentledger.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.commitmentledger.LedgerHttpTest;
import org.commitmentledger.environment.Chromium;
import org.commitmentledger.environment.RequiresBrowser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The auditor's page in headless Chromium from Debian (chromium and chromedriver; CI installs them): figures on the
 * page equal the API's at the chosen point in time, and follow the slider and the as-of picker; a total opens its
 * explanation (from the keyboard), the compare picker lists the changes, a table downloads as CSV, and a narrow
 * window does not overflow.
 */
@RequiresBrowser
class AuditorPageBrowserTests extends LedgerHttpTest {

    private ChromeDriver browser;
    private Path profile;

    @BeforeEach
    void startBrowser() throws Exception {
        Chromium chromium = Chromium.get();
        profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.browser());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1366,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromium.driver())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization",
                "Basic " + Base64.getEncoder().encodeToString("auditor:auditor".getBytes(StandardCharsets.UTF_8)))));
        // the page runs under a Content-Security-Policy without inline script (ADR 0028): collect what it blocks
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "window.cspViolations = []; document.addEventListener('securitypolicyviolation', "
                        + "e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"));
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void showsTheFundAsTheApiKnewItAndFollowsTheSliderAndTheAsOfPicker() throws Exception {
        ensureMember("DEU", "16.1");
        ensureMember("HUN", "0.7");
        ensureMember("FRA", "10.2");
        String fund = fundId();
        Client secretariat = as("secretariat");
        ok(secretariat.post("/api/funds", """
                {"fundId":"%s","name":"Ukraine support","targetEur":"100000000000","periodStart":"2025-01-01",
                 "periodEnd":"2029-12-31","decisionDeadline":"2024-07-01T00:00:00Z","effectiveAt":"2024-04-02T00:00:00Z"}
                """.formatted(fund)));
        ok(secretariat.post("/api/funds/" + fund + "/objections",
                "{\"member\":\"HUN\",\"reason\":\"veto\",\"effectiveAt\":\"2024-04-10T00:00:00Z\"}"));
        ok(secretariat.post("/api/funds/" + fund + "/amendments", """
                {"targetEur":"40000000000","periodStart":"2025-01-01","periodEnd":"2025-12-31",
                 "decisionDeadline":"2024-07-09T00:00:00Z","reason":"annual baseline","effectiveAt":"2024-06-01T00:00:00Z"}"""));
        ok(secretariat.post("/api/funds/" + fund + "/opt-outs",
                "{\"member\":\"HUN\",\"reason\":\"opts out\",\"effectiveAt\":\"2024-06-02T00:00:00Z\"}"));
        ok(secretariat.post("/api/funds/" + fund + "/decisions", "{\"effectiveAt\":\"2024-07-10T00:00:00Z\"}"));
        String pledge = ok(secretariat.post("/api/pledges", """
                {"fundId":"%s","member":"DEU","amount":"1700000000","currency":"EUR","year":2025,
                 "effectiveAt":"2024-07-11T00:00:00Z"}""".formatted(fund))).get("pledgeId").asText();
        ok(secretariat.post("/api/pledges", """
                {"fundId":"%s","member":"FRA","amount":"1000000000","currency":"USD","eurRate":"0.92","year":2025,
                 "effectiveAt":"2024-07-12T00:00:00Z"}""".formatted(fund)));
        ok(secretariat.post("/api/pledges/" + pledge + "/revisions",
                "{\"amount\":\"2000000000\",\"kind\":\"REVISION\",\"reason\":\"more\",\"effectiveAt\":\"2024-09-01T00:00:00Z\"}"));
        // the as-of picker has whole seconds: record the correction after the next second boundary
        long boundary = (System.currentTimeMillis() / 1000 + 1) * 1000;
        Thread.sleep(boundary - System.currentTimeMillis() + 50);
        String beforeCorrection = java.time.Instant.ofEpochMilli(boundary).toString();
        ok(secretariat.post("/api/pledges/" + pledge + "/revisions",
                "{\"amount\":\"2100000000\",\"kind\":\"CORRECTION\",\"reason\":\"typo\"}"));
        ok(secretariat.post("/api/pledges/" + pledge + "/disbursements",
                "{\"amount\":\"500000000\",\"currency\":\"EUR\",\"reference\":\"batch 1\",\"effectiveAt\":\"2024-10-01T00:00:00Z\"}"));

        browser.get("http://localhost:" + port + "/?fund=" + fund);
        awaitReady();
        JsonNode now = ok(as("auditor").get("/api/funds/" + fund));
        assertFigures(now);
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElement(By.id("verify-badge")).getText()
                .contains("signature"));
        assertThat(browser.findElement(By.id("verify-badge")).getText()).startsWith("checkpoint ")
                .endsWith("signature valid");
        assertThat(browser.findElement(By.id("digest-head")).getText())
                .isEqualTo(as("auditor").get("/api/audit/digest").json().get("head").asText());
        assertThat(browser.findElements(By.cssSelector("#history tr.correction"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("#history tr.revision"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("#fair-shares tbody tr"))).isNotEmpty();
        assertThat(browser.findElement(By.id("chart")).getAttribute("data-markers")).isEqualTo(String.valueOf(
                as("auditor").get("/api/funds/" + fund + "/timeline").json().get("points").size()));
        assertThat(browser.findElements(By.cssSelector("#chart canvas"))).as("the uPlot chart").isNotEmpty();
        assertThat(browser.findElement(By.id("fund-target")).getText()).isEqualTo("€40.0 bn");
        assertThat(browser.findElement(By.id("fund-target")).getAttribute("title")).isEqualTo("€40,000,000,000.00");

        // the slider: back to the first pledge (index of the PledgeMade point in the timeline)
        JsonNode points = as("auditor").get("/api/funds/" + fund + "/timeline").json().get("points");
        int index = 0;
        while (!points.get(index).get("type").asText().equals("PledgeMade")) {
            index++;
        }
        String effectiveAt = points.get(index).get("effectiveAt").asText();
        slide(index);
        awaitText("effective-label", effectiveAt);
        JsonNode then = ok(as("auditor").get("/api/funds/" + fund + "?effectiveAt=" + effectiveAt));
        awaitFigures(then);
        assertThat(browser.getCurrentUrl()).contains("effectiveAt=" + effectiveAt.replace(":", "%3A"));

        // the as-of picker: as the ledger knew it before the correction
        WebElement picker = browser.findElement(By.id("asof-picker"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];"
                + "arguments[0].dispatchEvent(new Event('change'));", picker, beforeCorrection.substring(0, 19));
        String asOf = beforeCorrection.substring(0, 19) + ".000Z";
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains("asOf="));
        awaitReady();
        assertThat(browser.getCurrentUrl()).contains("asOf=" + asOf.replace(":", "%3A"));
        // the slider keeps its effective time; the page now shows (asOf, effectiveAt) both from the URL
        JsonNode known = ok(as("auditor").get("/api/funds/" + fund + "?asOf=" + asOf + "&effectiveAt=" + effectiveAt));
        awaitFigures(known);
        assertThat(browser.findElements(By.cssSelector("#history tr.correction"))).isEmpty();

        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
        slide(points.size());
        ((JavascriptExecutor) browser).executeScript("document.getElementById('asof-now').click();");
        awaitFigures(now);

        // explain, from the keyboard: the pledged total opens its terms, which add up to it
        WebElement pledged = browser.findElement(By.id("fund-pledged"));
        pledged.sendKeys(Keys.ENTER);
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> d.findElement(By.id("explain")).isDisplayed()
                && d.findElements(By.cssSelector("#explain-terms tbody tr")).size() == 2);
        JsonNode explained = ok(as("auditor").get("/api/funds/" + fund + "/explain"));
        assertThat(browser.findElement(By.cssSelector("#explain-terms tfoot td:nth-child(4)")).getAttribute("data-exact"))
                .isEqualTo(explained.get("pledgedEur").asText()).isEqualTo(now.get("pledgedEur").asText());
        assertThat(browser.findElements(By.cssSelector("#explain-terms tbody a[href^='/api/audit/proof/inclusion']")))
                .hasSize(2);

        // compare with the record time before the correction: the changed total and the correction are listed
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", browser.findElement(
                By.id("compare-picker")), beforeCorrection.substring(0, 19));
        browser.findElement(By.id("compare-go")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> d.findElement(By.id("changes")).isDisplayed());
        assertThat(browser.findElements(By.cssSelector("#changes-fund tr.changed td:first-child")).stream()
                .map(WebElement::getText).toList()).contains("pledgedEur", "disbursedEur");
        assertThat(browser.findElements(By.cssSelector("#changes-events tbody tr")).stream().map(WebElement::getText)
                .toList()).anyMatch(t -> t.contains("PledgeRevised") && t.contains("typo"));

        // every table downloads as CSV: the fair shares' link fetches the CSV answer and saves it
        browser.findElement(By.cssSelector("button.csv[data-csv='fair-shares']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> d.findElement(By.id("csv-status")).getText()
                .startsWith("Downloaded " + fund + "-fair-shares.csv"));
        assertThat(browser.findElement(By.id("csv-status")).getAttribute("data-header"))
                .isEqualTo("member,costShare,normalizedShare,fairShareEur,pledgedEur,pledgedEurByKind.MONEY,"
                + "pledgedEurByKind.IN_KIND,ratio,optedOut");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 1900));
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0); document.activeElement.blur();");
        Thread.sleep(500);
        Files.write(shots.resolve("auditor-page.png"), browser.getScreenshotAs(OutputType.BYTES));

        // a narrow window: nothing sticks out sideways, the tables scroll in their own boxes
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(420, 900));
        String sticksOut = "return Array.from(document.querySelectorAll('body *')).filter(e => !e.closest('.scroll')"
                + " && e.getClientRects().length && e.getBoundingClientRect().right > window.innerWidth + 1)"
                + ".map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 8)";
        try {
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> ((List<?>) ((JavascriptExecutor) d)
                    .executeScript(sticksOut)).isEmpty());
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("wider than the window: " + ((JavascriptExecutor) browser).executeScript(sticksOut));
        }
        Files.write(shots.resolve("auditor-page-narrow.png"), browser.getScreenshotAs(OutputType.BYTES));
        assertThat((List<?>) ((JavascriptExecutor) browser).executeScript("return window.cspViolations"))
                .as("what the Content-Security-Policy blocked").isEmpty();
    }

    private JsonNode ok(Response response) {
        assertThat(response.status()).as(response.toString()).isBetween(200, 201);
        return response.json();
    }

    private void slide(int index) {
        WebElement slider = browser.findElement(By.id("effective-slider"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];"
                + "arguments[0].dispatchEvent(new Event('input'));", slider, String.valueOf(index));
    }

    private void awaitReady() {
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> "true".equals(
                ((JavascriptExecutor) d).executeScript("return document.body.dataset.ready")));
    }

    private void awaitText(String id, String value) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> d.findElement(By.id(id)).getText().equals(value));
    }

    private void awaitFigures(JsonNode fund) {
        try {
            new WebDriverWait(browser, Duration.ofSeconds(15)).until(d ->
                    fund.get("pledgedEur").asText().equals(d.findElement(By.id("fund-pledged")).getAttribute("data-exact"))
                            && d.findElement(By.id("fund-status")).getText().equals(fund.get("status").asText()));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("page shows pledged " + browser.findElement(By.id("fund-pledged")).getText()
                    + ", status " + browser.findElement(By.id("fund-status")).getText() + ", error '"
                    + browser.findElement(By.id("error")).getText() + "', url " + browser.getCurrentUrl()
                    + "; API says " + fund, e);
        }
        assertFigures(fund);
    }

    /** The figures shown are the API's: abbreviated on the page, exact in data-exact (and the tooltip). */
    private void assertFigures(JsonNode fund) {
        assertThat(browser.findElement(By.id("fund-status")).getText()).isEqualTo(fund.get("status").asText());
        assertThat(exact("fund-target")).isEqualTo(fund.get("targetEur").asText());
        assertThat(exact("fund-pledged")).isEqualTo(fund.get("pledgedEur").asText());
        assertThat(exact("fund-disbursed")).isEqualTo(fund.get("disbursedEur").asText());
        assertThat(exact("fund-gap")).isEqualTo(fund.get("gapEur").asText());
    }

    private String exact(String id) {
        return browser.findElement(By.id(id)).getAttribute("data-exact");
    }
}
