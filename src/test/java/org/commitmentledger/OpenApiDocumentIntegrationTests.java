package org.commitmentledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.info.BuildProperties;

/** What the OpenAPI document says about the ledger as a whole, and that it and Swagger UI are behind the login. */
class OpenApiDocumentIntegrationTests extends LedgerHttpTest {

    @Autowired
    BuildProperties build;

    private JsonNode document() {
        Response docs = as("auditor").get("/v3/api-docs");
        assertThat(docs.status()).as(docs.toString()).isEqualTo(200);
        return docs.json();
    }

    @Test
    void servesSwaggerUiAndTheDocumentToAuthenticatedUsersOnly() {
        for (String path : List.of("/swagger-ui/index.html", "/v3/api-docs")) {
            Response anonymous = anonymous().get(path);
            assertThat(anonymous.status()).as("%s without credentials: %s", path, anonymous).isEqualTo(401);
            assertThat(anonymous.header("WWW-Authenticate")).as(path).startsWith("Basic");
            for (String user : List.of("auditor", "secretariat", "admin")) {
                assertThat(as(user).get(path).status()).as("%s as %s", path, user).isEqualTo(200);
            }
        }
        assertThat(as("auditor").get("/swagger-ui/index.html").body()).contains("swagger-ui");
    }

    @Test
    void namesTheLedgerAndTheVersionOfTheBuildServingIt() {
        JsonNode info = document().path("info");

        assertThat(info.path("title").asText()).isEqualTo("Commitment ledger");
        assertThat(info.path("version").asText()).isEqualTo(build.getVersion()).isNotBlank();
        assertThat(info.path("description").asText()).contains("docs/api.md", "problem+json");
    }

    @Test
    void documentsTheLedgersOwnApiOnly() {
        List<String> paths = new ArrayList<>();
        document().path("paths").fieldNames().forEachRemaining(paths::add);

        assertThat(paths).isNotEmpty().allSatisfy(path -> assertThat(path).startsWith("/api/"));
    }

    @Test
    void asksForHttpBasicOnEveryOperation() {
        JsonNode document = document();
        JsonNode scheme = document.at("/components/securitySchemes/basicAuth");
        assertThat(scheme.path("type").asText()).isEqualTo("http");
        assertThat(scheme.path("scheme").asText()).isEqualTo("basic");

        List<String> withoutBasic = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (!op.getValue().path("security").toString().equals("[{\"basicAuth\":[]}]")) {
                withoutBasic.add(op.getKey().toUpperCase() + " " + path.getKey());
            }
        }));
        assertThat(withoutBasic).as("operations that do not ask for HTTP Basic").isEmpty();
    }

    @Test
    void describesEveryErrorAsAProblemDetailWithItsFieldErrors() {
        JsonNode document = document();
        JsonNode problem = document.at("/components/schemas/ProblemDetail");
        assertThat(problem.path("required").toString()).isEqualTo("[\"type\",\"title\",\"status\",\"detail\"]");
        assertThat(problem.at("/properties/errors/items/$ref").asText()).isEqualTo("#/components/schemas/FieldError");
        assertThat(document.at("/components/schemas/FieldError/required").toString())
                .isEqualTo("[\"field\",\"message\"]");

        List<String> notProblemDetail = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op ->
                op.getValue().path("responses").fields().forEachRemaining(response -> {
                    boolean error = response.getKey().startsWith("4") || response.getKey().startsWith("5");
                    String schema = response.getValue().at("/content/application~1problem+json/schema/$ref").asText();
                    if (error && !schema.equals("#/components/schemas/ProblemDetail")) {
                        notProblemDetail.add(op.getKey().toUpperCase() + " " + path.getKey() + " " + response.getKey());
                    }
                })));
        assertThat(notProblemDetail).as("errors without the ProblemDetail schema").isEmpty();
    }

    @Test
    void namesTheAnswersEveryEndpointCanGive() {
        JsonNode paths = document().path("paths");

        assertThat(paths.at("/~1api~1funds~1{fundId}/get/responses").fieldNames()).toIterable()
                .contains("200", "400", "401", "404", "406", "429");
        assertThat(paths.at("/~1api~1funds~1{fundId}~1decisions/post/responses").fieldNames()).toIterable()
                .contains("200", "400", "401", "403", "406", "413", "415", "429");
    }

    @Test
    void leavesWhatARequestBodyMayOmitOptional() {
        JsonNode proposal = document().at("/components/schemas/ProposalBody");

        assertThat(proposal.path("properties").has("effectiveAt")).isTrue();
        List<String> required = new ArrayList<>();
        proposal.path("required").forEach(name -> required.add(name.asText()));
        assertThat(required).doesNotContain("effectiveAt");
    }
}
