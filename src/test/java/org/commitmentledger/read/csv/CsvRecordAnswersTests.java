package org.commitmentledger.read.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.http.MockHttpOutputMessage;
import org.springframework.mock.web.MockHttpServletResponse;

/** An answer built as a record gives, byte for byte and header for header, the CSV of the same answer as a map. */
class CsvRecordAnswersTests {

    private final ObjectMapper json = Jackson2ObjectMapperBuilder.json().build();

    record Actor(String user, String role) {
    }

    record Row(String pledgeId, String eurAmount, String note, Actor actor, List<String> standingObjections) {
    }

    record Answer(String asOf, String effectiveAt, long lastSequence, String fundId, List<Row> pledges) {
    }

    record Digest(long sequence, String head) {
    }

    private static final Answer RECORD = new Answer("2024-08-01T00:00:00.000Z", "2024-07-10T00:00:00.000Z", 42,
            "ukraine-fund", List.of(
                    new Row("p-1", "1234567.89", "tranche, \"one\"\nsecond line", new Actor("secretariat",
                            "SECRETARIAT"), List.of("HUN")),
                    new Row("p-2", "10.00", null, null, List.of())));

    private static Map<String, Object> asMap() {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("pledgeId", "p-1");
        first.put("eurAmount", "1234567.89");
        first.put("note", "tranche, \"one\"\nsecond line");
        first.put("actor", new LinkedHashMap<>(Map.of("user", "secretariat")));
        ((Map<String, Object>) first.get("actor")).put("role", "SECRETARIAT");
        first.put("standingObjections", List.of("HUN"));
        Map<String, Object> second = new LinkedHashMap<>();
        second.put("pledgeId", "p-2");
        second.put("eurAmount", "10.00");
        second.put("note", null);
        second.put("actor", null);
        second.put("standingObjections", List.of());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("asOf", "2024-08-01T00:00:00.000Z");
        answer.put("effectiveAt", "2024-07-10T00:00:00.000Z");
        answer.put("lastSequence", 42L);
        answer.put("fundId", "ukraine-fund");
        answer.put("pledges", List.of(first, second));
        return answer;
    }

    /** The CSV text followed by the Ledger-* headers, as a client receives them. */
    private String csv(Object body) throws Exception {
        ServletServerHttpResponse response = new ServletServerHttpResponse(new MockHttpServletResponse());
        Object table = new CsvLists(json).beforeBodyWrite(body, null, CsvListConverter.TEXT_CSV,
                CsvListConverter.class, null, response);
        MockHttpOutputMessage out = new MockHttpOutputMessage();
        CsvListConverter converter = new CsvListConverter();
        assertThat(converter.canWrite(body.getClass(), CsvListConverter.TEXT_CSV)).isTrue();
        converter.write(table, CsvListConverter.TEXT_CSV, out);
        return out.getBodyAsString(StandardCharsets.UTF_8) + "|" + response.getHeaders().get("Ledger-As-Of") + "|"
                + response.getHeaders().get("Ledger-Effective-At") + "|"
                + response.getHeaders().get("Ledger-Last-Sequence");
    }

    @Test
    void writesARecordAnswerExactlyAsTheSameAnswerAsAMap() throws Exception {
        String fromRecord = csv(RECORD);

        assertThat(fromRecord).isEqualTo(csv(asMap()));
        assertThat(fromRecord).isEqualTo("pledgeId,eurAmount,note,actor.user,actor.role,standingObjections,actor\r\n"
                + "p-1,1234567.89,\"tranche, \"\"one\"\"\nsecond line\",secretariat,SECRETARIAT,\"[\"\"HUN\"\"]\",\r\n"
                + "p-2,10.00,,,,[],\r\n"
                + "|[2024-08-01T00:00:00.000Z]|[2024-07-10T00:00:00.000Z]|[42]");
    }

    @Test
    void refusesARecordAnswerWithoutAList() {
        ServletServerHttpResponse response = new ServletServerHttpResponse(new MockHttpServletResponse());

        assertThatThrownBy(() -> new CsvLists(json).beforeBodyWrite(new Digest(7, "ab"), null,
                CsvListConverter.TEXT_CSV, CsvListConverter.class, null, response))
                .isInstanceOf(CsvLists.NotAcceptable.class);
    }

    @Test
    void leavesWildcardsToJson() {
        assertThat(new CsvListConverter().canWrite(Answer.class, org.springframework.http.MediaType.ALL)).isFalse();
    }
}
