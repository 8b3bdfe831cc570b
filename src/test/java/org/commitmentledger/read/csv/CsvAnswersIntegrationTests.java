package org.commitmentledger.read.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.commitmentledger.projection.PointInTimeHttpTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every list read answers {@code Accept: text/csv} with its list, cell for cell the JSON answer's. */
class CsvAnswersIntegrationTests extends PointInTimeHttpTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private String fund;
    private String pledge;
    private Instant before;

    @BeforeEach
    void aFundWithAPledgeWhoseNoteNeedsQuoting() throws Exception {
        ensureMember("DEU", "27.5");
        fund = fundId();
        written(as("secretariat").post("/api/funds", """
                {"fundId":"%s","name":"CSV","targetEur":"1000","periodStart":"2025-01-01","periodEnd":"2025-12-31",
                 "decisionDeadline":"2024-07-01T00:00:00Z","effectiveAt":"2024-04-02T00:00:00Z"}""".formatted(fund)));
        before = Instant.now();
        Thread.sleep(5);
        pledge = as("secretariat").post("/api/pledges", """
                {"fundId":"%s","member":"DEU","amount":"1234567.89","currency":"EUR","year":2025,
                 "note":"tranche, \\"one\\"\\nsecond line","effectiveAt":"2024-05-01T00:00:00Z"}""".formatted(fund))
                .json().get("pledgeId").asText();
        written(as("secretariat").post("/api/pledges/" + pledge + "/revisions", """
                {"amount":"1300000","kind":"CORRECTION","reason":"typo, fixed"}"""));
        Thread.sleep(5);
    }

    /** Each list read with a fixed asOf (or record times), so its JSON and CSV answers are the same read. */
    private List<String[]> lists() {
        String now = render(Instant.now());
        String at = "?asOf=" + now;
        return List.of(
                new String[] {"/api/members" + at, "members"},
                new String[] {"/api/funds" + at, "funds"},
                new String[] {"/api/funds/" + fund + "/pledges" + at, "pledges"},
                new String[] {"/api/funds/" + fund + "/fair-shares" + at, "rows"},
                new String[] {"/api/funds/" + fund + "/rounds" + at, "rounds"},
                new String[] {"/api/funds/" + fund + "/members/DEU" + at, "pledges"},
                new String[] {"/api/funds/" + fund + "/timeline" + at, "points"},
                new String[] {"/api/events?after=0&limit=50&asOf=" + now, "events"},
                new String[] {"/api/funds/" + fund + "/history" + at, "events"},
                new String[] {"/api/pledges/" + pledge + "/history" + at, "events"},
                new String[] {"/api/funds/" + fund + "/changes?from=" + render(before) + "&to=" + now, "pledges"},
                new String[] {"/api/funds/" + fund + "/explain" + at, "terms"});
    }

    @Test
    void everyListReadAnswersItsListAsCsvCellForCell() throws Exception {
        for (String[] list : lists()) {
            String path = list[0];
            JsonNode json = ok(as("auditor").get(path));
            HttpResponse<String> csv = get(path, "text/csv");
            assertThat(csv.statusCode()).as(path + ": " + csv.body()).isEqualTo(200);
            assertThat(csv.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("text/csv");
            assertThat(csv.headers().firstValue("Ledger-Last-Sequence").orElse(null)).as(path)
                    .isEqualTo(json.get("lastSequence").asText());
            assertThat(csv.headers().firstValue("Ledger-Effective-At").orElse(null)).as(path)
                    .isEqualTo(json.get("effectiveAt").asText());
            assertThat(csv.headers().firstValue("Ledger-As-Of")).as(path).isPresent();
            List<Map<String, String>> rows = parse(csv.body());
            JsonNode expected = json.get(list[1]);
            assertThat(rows).as(path).hasSize(expected.size());
            assertThat(csv.body()).as(path).contains("\r\n");
            for (int i = 0; i < rows.size(); i++) {
                assertSameCells(path, expected.get(i), "", rows.get(i));
            }
        }
    }

    @Test
    void moneyStaysAnExactDecimalStringAndTextIsQuotedPerRfc4180() throws Exception {
        HttpResponse<String> csv = get("/api/funds/" + fund + "/pledges", "text/csv");
        String[] lines = csv.body().split("\r\n", 2);
        assertThat(lines[0]).isEqualTo("pledgeId,member,year,kind,amount,currency,eurRate,eurAmount,disbursedEur,"
                + "status,figureFrom,note");
        assertThat(lines[1]).contains(",1300000.00,").contains("\"tranche, \"\"one\"\"\nsecond line\"");
        Map<String, String> row = parse(csv.body()).get(0);
        assertThat(row.get("eurAmount")).isEqualTo("1300000.00");
        assertThat(row.get("note")).isEqualTo("tranche, \"one\"\nsecond line");
        HttpResponse<String> changes = get("/api/funds/" + fund + "/changes?from=" + render(before) + "&to="
                + render(Instant.now()), "text/csv");
        assertThat(changes.body().split("\r\n")[0]).isEqualTo("pledgeId,member,before,after.eurAmount,after.status,"
                + "after.disbursedEur");
    }

    @Test
    void anAnswerWithoutAListOrAnUnknownMediaTypeIsNotAcceptable() throws Exception {
        for (String[] request : new String[][] {
                {"/api/funds/" + fund, "text/csv"},
                {"/api/pledges/" + pledge, "text/csv"},
                {"/api/audit/digest", "text/csv"},
                {"/api/funds/" + fund + "/pledges", "application/xml"},
                {"/api/funds/" + fund + "/pledges", "image/png"}}) {
            HttpResponse<String> answer = get(request[0], request[1]);
            assertThat(answer.statusCode()).as(request[0] + " " + request[1] + ": " + answer.body()).isEqualTo(406);
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(request[0])
                    .startsWith("application/problem+json");
            assertThat(JSON.readTree(answer.body()).get("status").asInt()).isEqualTo(406);
        }
        assertThat(get("/api/funds/" + fund + "/pledges", "*/*").headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/json");
        assertThat(get("/api/funds/" + fund + "/pledges?asOf=never", "text/csv").statusCode()).isEqualTo(400);
    }

    @Test
    void aWriteThatCannotAnswerJsonIsRefusedBeforeItRecordsAnything() throws Exception {
        long events = as("auditor").get("/api/events?limit=1&asOf=" + render(Instant.now())).json()
                .get("lastSequence").asLong();
        for (String accept : new String[] {"text/csv", "application/xml", "image/png;q=1, application/json;q=0"}) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/pledges"))
                    .header("Accept", accept).header("Content-Type", "application/json")
                    .header("Authorization", "Basic " + Base64.getEncoder()
                            .encodeToString("secretariat:secretariat".getBytes(StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString("""
                            {"fundId":"%s","member":"DEU","amount":"10","currency":"EUR","year":2025,
                             "effectiveAt":"2024-05-01T00:00:00Z"}""".formatted(fund))).build();
            HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(answer.statusCode()).as(accept + ": " + answer.body()).isEqualTo(406);
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        assertThat(as("auditor").get("/api/events?limit=1&asOf=" + render(Instant.now())).json()
                .get("lastSequence").asLong()).isEqualTo(events);
    }

    /** Each JSON field is a column (nested objects as dotted names, arrays as JSON text) holding the same text. */
    private static void assertSameCells(String path, JsonNode element, String prefix, Map<String, String> row) {
        Iterator<Map.Entry<String, JsonNode>> fields = element.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode v = f.getValue();
            String name = prefix + f.getKey();
            if (v.isObject() && !v.isEmpty()) {
                assertSameCells(path, v, name + ".", row);
            } else {
                String expected = v.isNull() ? "" : v.isContainerNode() ? v.toString() : v.asText();
                assertThat(row.get(name)).as(path + " " + name).isEqualTo(expected);
            }
        }
    }

    private static List<Map<String, String>> parse(String body) throws Exception {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(body)) {
            while (it.hasNext()) {
                rows.add(it.next());
            }
        }
        return rows;
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", accept)
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("auditor:auditor".getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
