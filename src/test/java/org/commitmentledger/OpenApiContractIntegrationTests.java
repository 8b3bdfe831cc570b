package org.commitmentledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * What {@code /v3/api-docs} promises, held against what the service really answers: the scripted life of a fund
 * ({@link ScriptedLedgerRun}) reaches every {@code /api} operation, its successes and the errors a client can
 * provoke, and each real answer (status, content type, body) is validated against the live document with
 * Atlassian's swagger-request-validator. A missing required field, a wrong type or format, an undocumented status or
 * media type fails here, naming the request and the JSON pointer.
 *
 * <p>A document that describes an answer as an untyped object promises nothing, so it would pass any body: every
 * JSON success answer must therefore be a {@code $ref} to a named schema with properties (the answer's record).
 */
class OpenApiContractIntegrationTests extends ScriptedLedgerRun {

    /** Paths the script sends on purpose that no operation serves (the 404 for an unknown path). */
    private static final Set<String> NOT_OPERATIONS = Set.of("/api/nothing-here");

    private static List<Exchange> exchanges;
    private static JsonNode document;
    private static String documentText;

    private void runOnce() throws Exception {
        if (exchanges == null) {
            exchanges = runScript();
            Response docs = as("auditor").get("/v3/api-docs");
            assertThat(docs.status()).as(docs.toString()).isEqualTo(200);
            document = docs.json();
            documentText = forTheValidator(document).toString();
            // kept for reading the failures below against the document they were judged by
            java.nio.file.Files.createDirectories(java.nio.file.Path.of("target"));
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "api-docs.json"),
                    document.toPrettyString());
        }
    }

    @Test
    void everyRealAnswerIsWhatTheOpenApiDocumentPromises() throws Exception {
        runOnce();
        OpenApiInteractionValidator validator = OpenApiInteractionValidator
                .createForInlineApiSpecification(documentText).build();
        List<String> violations = new ArrayList<>();
        for (Exchange exchange : exchanges) {
            if (NOT_OPERATIONS.contains(exchange.template())) {
                continue;
            }
            SimpleResponse.Builder response = SimpleResponse.Builder.status(exchange.response().status())
                    .withBody(exchange.response().body());
            if (!exchange.response().contentType().isEmpty()) {
                response.withContentType(exchange.response().contentType());
            }
            exchange.response().raw().headers().map().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("content-type")) {
                    response.withHeader(name, values);
                }
            });
            ValidationReport report = validator.validateResponse(exchange.path().split("\\?")[0],
                    Request.Method.valueOf(exchange.method()), response.build());
            List<ValidationReport.Message> errors = report.getMessages().stream()
                    .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                    .toList();
            if (!errors.isEmpty()) {
                violations.add(describe(exchange, errors));
            }
        }
        assertThat(violations).as("answers that break /v3/api-docs").isEmpty();
    }

    @Test
    void failsAnAnswerThatLacksARequiredFieldOrHasAWrongType() throws Exception {
        runOnce();
        Exchange backup = exchanges.stream().filter(e -> e.name().equals("backup-taken")).findFirst().orElseThrow();
        OpenApiInteractionValidator validator = OpenApiInteractionValidator
                .createForInlineApiSpecification(documentText).build();
        com.fasterxml.jackson.databind.node.ObjectNode missing = (com.fasterxml.jackson.databind.node.ObjectNode)
                backup.response().json().deepCopy();
        missing.remove("sha256");
        com.fasterxml.jackson.databind.node.ObjectNode wrongType = (com.fasterxml.jackson.databind.node.ObjectNode)
                backup.response().json().deepCopy();
        wrongType.put("bytes", "many");

        assertThat(validator.validateResponse(backup.path(), Request.Method.POST, SimpleResponse.Builder.status(201)
                .withContentType(backup.response().contentType()).withBody(backup.response().body()).build())
                .hasErrors()).as("the real answer").isFalse();
        for (var broken : List.of(missing, wrongType)) {
            ValidationReport report = validator.validateResponse(backup.path(), Request.Method.POST,
                    SimpleResponse.Builder.status(201).withContentType("application/json")
                            .withBody(broken.toString()).build());
            assertThat(report.hasErrors()).as("%s breaks the document", broken).isTrue();
        }
    }

    @Test
    void judgesANullableRecordComponentAsThatRecordOrNull() throws Exception {
        JsonNode served = JSON.readTree("""
                {"openapi":"3.0.1","info":{"title":"t","version":"1"},"paths":{"/x":{"get":{"responses":{"200":{
                 "description":"d","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Fund"}}}}}}}},
                 "components":{"schemas":{
                  "Fund":{"type":"object","properties":{"openRound":{"nullable":true,"allOf":[
                   {"$ref":"#/components/schemas/Round"}]}},"required":["openRound"]},
                  "Round":{"type":"object","properties":{"round":{"type":"integer"}},"required":["round"]}}}}""");
        OpenApiInteractionValidator validator = OpenApiInteractionValidator
                .createForInlineApiSpecification(forTheValidator(served).toString()).build();

        for (String body : List.of("{\"openRound\":null}", "{\"openRound\":{\"round\":2}}")) {
            assertThat(validator.validateResponse("/x", Request.Method.GET, SimpleResponse.Builder.status(200)
                    .withContentType("application/json").withBody(body).build()).hasErrors()).as(body).isFalse();
        }
        for (String body : List.of("{}", "{\"openRound\":{\"round\":\"two\"}}", "{\"openRound\":{}}")) {
            assertThat(validator.validateResponse("/x", Request.Method.GET, SimpleResponse.Builder.status(200)
                    .withContentType("application/json").withBody(body).build()).hasErrors()).as(body).isTrue();
        }
    }

    @Test
    void theScriptReachesEveryOperationOfTheDocument() throws Exception {
        runOnce();
        Set<String> documented = new TreeSet<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(
                method -> documented.add(method.toUpperCase() + " " + path.getKey())));
        Set<String> reached = new TreeSet<>();
        exchanges.forEach(exchange -> reached.add(exchange.method() + " " + exchange.template()));

        assertThat(documented).as("operations of /v3/api-docs").isNotEmpty();
        assertThat(reached).as("operations the scripted run (ScriptedLedgerRun) reaches").containsAll(documented);
        assertThat(documented).as("operations the scripted run names (a typo in a template would judge nothing)")
                .containsAll(reached.stream().filter(op -> NOT_OPERATIONS.stream().noneMatch(op::endsWith))
                        .toList());
    }

    @Test
    void everyJsonSuccessAnswerIsDescribedByANamedSchema() throws Exception {
        runOnce();
        Set<String> untyped = new TreeSet<>();
        for (Exchange exchange : exchanges) {
            int status = exchange.response().status();
            if (status < 200 || status > 299 || !exchange.answersJson()) {
                continue;
            }
            JsonNode content = document.path("paths").path(exchange.template())
                    .path(exchange.method().toLowerCase()).path("responses").path(String.valueOf(status))
                    .path("content");
            if (!typed(content)) {
                untyped.add(exchange.method() + " " + exchange.template() + " " + status);
            }
        }
        assertThat(untyped).as("JSON answers the document describes as no named schema with properties "
                + "(return a record)").isEmpty();
    }

    /**
     * The document as the validator can judge it. OpenAPI 3.0 says "this record or null" as
     * {@code {nullable: true, allOf: [{$ref}]}}, which the validator rejects null for: such a schema is given the
     * referenced schema's own members inline, where {@code nullable} is understood. The document served is unchanged.
     */
    static JsonNode forTheValidator(JsonNode served) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = served.deepCopy();
        inlineNullableReferences(copy, copy.path("components").path("schemas"), 0);
        return copy;
    }

    private static void inlineNullableReferences(JsonNode node, JsonNode schemas, int depth) {
        if (depth > 64) {
            return;
        }
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object
                && object.path("nullable").asBoolean() && object.path("allOf").size() == 1
                && object.path("allOf").get(0).has("$ref")) {
            String ref = object.path("allOf").get(0).path("$ref").asText();
            JsonNode target = schemas.path(ref.substring(ref.lastIndexOf('/') + 1));
            object.remove("allOf");
            target.fields().forEachRemaining(member -> object.set(member.getKey(), member.getValue().deepCopy()));
            object.put("nullable", true);
        }
        node.forEach(child -> inlineNullableReferences(child, schemas, depth + 1));
    }

    /** Each JSON media type's schema is a $ref to a component that has properties. */
    private boolean typed(JsonNode content) {
        if (content.isMissingNode() || content.isEmpty()) {
            return false;
        }
        for (var media = content.fields(); media.hasNext(); ) {
            var entry = media.next();
            if (!entry.getKey().equals("application/json") && !entry.getKey().equals("*/*")) {
                continue;
            }
            if (!named(entry.getValue().path("schema"))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A $ref to a component with properties, or to one that is {@code oneOf} such components (an answer of several
     * shapes, as the verification's).
     */
    private boolean named(JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        if (!ref.startsWith("#/components/schemas/")) {
            return schema.path("oneOf").isArray() && !schema.path("oneOf").isEmpty()
                    && java.util.stream.StreamSupport.stream(schema.path("oneOf").spliterator(), false)
                            .allMatch(alternative -> alternative.has("$ref") && named(alternative));
        }
        JsonNode component = document.path("components").path("schemas")
                .path(ref.substring("#/components/schemas/".length()));
        if (component.path("oneOf").isArray() && !component.path("oneOf").isEmpty()) {
            return named(component);
        }
        return component.path("properties").isObject() && !component.path("properties").isEmpty();
    }

    private static String describe(Exchange exchange, List<ValidationReport.Message> errors) {
        StringBuilder text = new StringBuilder().append(exchange.name()).append(": ").append(exchange.method())
                .append(' ').append(exchange.path()).append(" as ").append(exchange.user()).append(" -> ")
                .append(exchange.response().status()).append(' ').append(exchange.response().contentType());
        for (ValidationReport.Message message : errors) {
            text.append("\n    ").append(message.getKey()).append(": ").append(message.getMessage());
            message.getContext().flatMap(ValidationReport.MessageContext::getPointers).ifPresent(pointers ->
                    text.append(" [answer ").append(pointers.getInstance()).append(", schema ")
                            .append(pointers.getSchema()).append(']'));
            message.getNestedMessages().forEach(nested -> text.append("\n      ").append(nested.getMessage()));
        }
        String body = exchange.response().body();
        text.append("\n    body: ").append(body.length() > 400 ? body.substring(0, 400) + "…" : body);
        return text.toString();
    }
}
