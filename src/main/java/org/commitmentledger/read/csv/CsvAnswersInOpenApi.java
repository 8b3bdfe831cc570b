package org.commitmentledger.read.csv;

import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * A read whose answer holds one of {@link CsvLists#LISTS} as an array also answers {@code text/csv} (docs/api.md,
 * CSV): the document says so next to its JSON, judged from the answer's schema, so a new list read is documented as
 * CSV the moment its record holds a list.
 */
@Component
class CsvAnswersInOpenApi implements OpenApiCustomizer {

    @Override
    @SuppressWarnings("rawtypes")
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null || openApi.getComponents() == null
                || openApi.getComponents().getSchemas() == null) {
            return;
        }
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        openApi.getPaths().values().forEach(path -> {
            if (path.getGet() == null || path.getGet().getResponses() == null) {
                return;
            }
            ApiResponse ok = path.getGet().getResponses().get("200");
            if (ok == null || ok.getContent() == null || ok.getContent().get("application/json") == null) {
                return;
            }
            Schema<?> answer = ok.getContent().get("application/json").getSchema();
            if (answer != null && answer.get$ref() != null) {
                answer = schemas.get(answer.get$ref().substring(answer.get$ref().lastIndexOf('/') + 1));
            }
            if (answer != null && holdsAList(answer)) {
                ok.getContent().addMediaType("text/csv", new MediaType().schema(new StringSchema()
                        .description("RFC 4180: one header row, then one row per element of the answer's list; "
                                + "the point in time read in the Ledger-As-Of, Ledger-Effective-At and "
                                + "Ledger-Last-Sequence headers")));
            }
        });
    }

    private static boolean holdsAList(Schema<?> answer) {
        return answer.getProperties() != null && CsvLists.LISTS.stream().map(answer.getProperties()::get)
                .anyMatch(list -> list != null && ("array".equals(list.getType())
                        || list.getTypes() != null && list.getTypes().contains("array")));
    }
}
