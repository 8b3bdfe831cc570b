package org.commitmentledger.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.annotations.media.Schema;
import org.junit.jupiter.api.Test;

class RecordComponentsRequiredTests {

    record Answer(String fundId, @Schema(nullable = true) String note,
                  @JsonInclude(JsonInclude.Include.NON_NULL) String description,
                  @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) String correctsFigureTo,
                  @JsonProperty("renamed") long sequence, List<Row> rows) {
    }

    record Row(String member, @Schema(nullable = true) String ratio) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MayOmitAll(String one, @JsonInclude(JsonInclude.Include.ALWAYS) String always) {
    }

    record Header(String asOf, String effectiveAt, long lastSequence) {
    }

    record Flattened(@JsonUnwrapped Header header, String fundId) {
    }

    record Round(long round) {
    }

    record Fund(@Schema(nullable = true) Round openRound, Round adopted) {
    }

    record Explicit(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String id) {
    }

    @SuppressWarnings("rawtypes")
    private static Map<String, io.swagger.v3.oas.models.media.Schema> resolve(Class<?> type) {
        ModelConverters converters = new ModelConverters();
        converters.addConverter(new RecordComponentsRequired());
        return converters.readAll(type);
    }

    @Test
    void marksEveryComponentRequiredButThoseTheRecordMayOmit() {
        var schema = resolve(Answer.class).get("Answer");

        assertThat(schema.getRequired()).containsExactly("fundId", "note", "renamed", "rows");
    }

    @Test
    void keepsANullableComponentRequiredAndNullable() {
        var schema = resolve(Answer.class).get("Answer");

        assertThat(schema.getRequired()).contains("note");
        assertThat(((io.swagger.v3.oas.models.media.Schema<?>) schema.getProperties().get("note")).getNullable())
                .isTrue();
    }

    @Test
    void marksTheComponentsOfNestedRecords() {
        assertThat(resolve(Answer.class).get("Row").getRequired()).containsExactly("member", "ratio");
    }

    @Test
    void takesARecordWideJsonIncludeForEveryComponentThatDoesNotSayOtherwise() {
        assertThat(resolve(MayOmitAll.class).get("MayOmitAll").getRequired()).containsExactly("always");
    }

    @Test
    void marksTheComponentsOfAnUnwrappedRecordInTheFlattenedSchema() {
        var schema = resolve(Flattened.class).get("Flattened");

        assertThat(schema.getProperties()).containsKeys("asOf", "effectiveAt", "lastSequence", "fundId");
        assertThat(schema.getRequired()).containsExactlyInAnyOrder("asOf", "effectiveAt", "lastSequence", "fundId");
    }

    @Test
    void remembersWhatSwaggerRequiredBeforeSoRequestBodiesCanGetItBack() {
        RecordComponentsRequired converter = new RecordComponentsRequired();
        ModelConverters converters = new ModelConverters();
        converters.addConverter(converter);

        var schema = converters.readAll(Explicit.class).get("Explicit");

        assertThat(schema.getRequired()).containsExactly("id");
        assertThat(converter.requiredBefore("Explicit")).containsExactly("id");
        assertThat(converter.requiredBefore("Answer")).isNull();
    }

    @Test
    void saysANullableRecordComponentMayBeNullWhereSwaggerWouldDropIt() {
        var fund = resolve(Fund.class).get("Fund");
        var openRound = (io.swagger.v3.oas.models.media.Schema<?>) fund.getProperties().get("openRound");
        var adopted = (io.swagger.v3.oas.models.media.Schema<?>) fund.getProperties().get("adopted");

        assertThat(openRound.getNullable()).isTrue();
        assertThat(openRound.getAllOf()).singleElement()
                .satisfies(ref -> assertThat(ref.get$ref()).isEqualTo("#/components/schemas/Round"));
        assertThat(adopted.get$ref()).isEqualTo("#/components/schemas/Round");
        assertThat(fund.getRequired()).containsExactly("adopted", "openRound");
    }
}
