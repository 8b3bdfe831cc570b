package org.commitmentledger.problem;

import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Every 4xx and 5xx answer of the ledger is {@code application/problem+json} ({@link ProblemHandling}): said here once
 * for every documented error status, so a controller's {@code @ApiResponse} names only the status and why. The body is
 * the {@code ProblemDetail} component: RFC 9457's members, {@code errors} on validation failures, and open to the
 * members some problems add ({@code maxBytes} on 413). The statuses every endpoint can answer (401, 406, 429; 400,
 * 413 and 415 on writes) are added where an operation does not name them.
 */
@Component
class ProblemResponsesInOpenApi implements OpenApiCustomizer {

    static final String PROBLEM = "ProblemDetail";
    static final String FIELD_ERROR = "FieldError";

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents().addSchemas(FIELD_ERROR, new ObjectSchema()
                .description("One invalid field or query parameter and what is wrong with it")
                .addProperty("field", new StringSchema().example("targetEur"))
                .addProperty("message", new StringSchema().example("must be positive"))
                .required(List.of("field", "message")));
        openApi.getComponents().addSchemas(PROBLEM, new ObjectSchema()
                .description("RFC 9457 problem details; every 4xx and 5xx of the ledger")
                .addProperty("type", new StringSchema().format("uri")
                        .example("https://commitment-ledger.example/problems/invalid-input"))
                .addProperty("title", new StringSchema().example("Invalid input"))
                .addProperty("status", new IntegerSchema().format("int32").example(400))
                .addProperty("detail", new StringSchema().example("targetEur: must be positive"))
                .addProperty("instance", new StringSchema().format("uri-reference").example("/api/funds"))
                .addProperty("errors", new ArraySchema().items(new Schema<>().$ref(ref(FIELD_ERROR)))
                        .description("validation failures (400): one entry per field; detail joins them"))
                .required(List.of("type", "title", "status", "detail")));
        openApi.getPaths().forEach((name, path) -> {
            if (name.startsWith("/api/")) {
                path.readOperationsMap().forEach((method, operation) -> statusesOfEveryEndpoint(method, operation));
            }
        });
        for (PathItem path : openApi.getPaths().values()) {
            path.readOperations().forEach(operation -> {
                if (operation.getResponses() == null) {
                    return;
                }
                operation.getResponses().forEach((status, response) -> {
                    if (isError(status)) {
                        problem(response);
                    }
                });
            });
        }
    }

    /**
     * The answers docs/api.md gives every endpoint (its conventions and request limits) rather than each one: an
     * operation that does not document them itself gets them here, so the document names every status a client
     * can meet.
     */
    private static void statusesOfEveryEndpoint(PathItem.HttpMethod method, Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        ApiResponses responses = operation.getResponses();
        boolean write = method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD
                && method != PathItem.HttpMethod.OPTIONS;
        addIfAbsent(responses, "401", "Not authenticated");
        addIfAbsent(responses, "406", "The Accept header admits no answer this operation gives");
        addIfAbsent(responses, "429", "Too many failed logins from this address or for this user: see Retry-After");
        if (write) {
            addIfAbsent(responses, "400", "Invalid input: every field error in errors[]");
            addIfAbsent(responses, "413", "The body is larger than ledger.security.max-body");
            addIfAbsent(responses, "415", "Not sent as Content-Type: application/json");
        } else {
            addIfAbsent(responses, "400", "A malformed or unknown query parameter: each in errors[]");
        }
    }

    private static void addIfAbsent(ApiResponses responses, String status, String description) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(status, new ApiResponse().description(description));
        }
    }

    private static boolean isError(String status) {
        return status.length() == 3 && (status.charAt(0) == '4' || status.charAt(0) == '5');
    }

    private static void problem(ApiResponse response) {
        response.setContent(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                new MediaType().schema(new Schema<>().$ref(ref(PROBLEM)))));
    }

    private static String ref(String schema) {
        return "#/components/schemas/" + schema;
    }
}
