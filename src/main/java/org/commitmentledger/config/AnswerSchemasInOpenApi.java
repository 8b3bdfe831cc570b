package org.commitmentledger.config;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * {@link RecordComponentsRequired} marks every component of the ledger's records required, which is what an answer
 * promises. A request body promises nothing of the kind (an absent {@code effectiveAt} means "now"), so a schema that
 * only request bodies use gets back the {@code required} swagger-core gave it (its own annotations').
 */
@Component
class AnswerSchemasInOpenApi implements OpenApiCustomizer {

    private final RecordComponentsRequired converter;

    AnswerSchemasInOpenApi(RecordComponentsRequired converter) {
        this.converter = converter;
    }

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null || openApi.getComponents() == null
                || openApi.getComponents().getSchemas() == null) {
            return;
        }
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        Deque<Schema<?>> answers = new ArrayDeque<>();
        Deque<Schema<?>> requests = new ArrayDeque<>();
        for (PathItem path : openApi.getPaths().values()) {
            for (Operation operation : path.readOperations()) {
                if (operation.getRequestBody() != null) {
                    add(operation.getRequestBody().getContent(), requests);
                }
                if (operation.getResponses() != null) {
                    operation.getResponses().values().forEach(response -> add(response.getContent(), answers));
                }
            }
        }
        Set<String> answered = reachable(answers, schemas);
        Set<String> requestOnly = reachable(requests, schemas);
        requestOnly.removeAll(answered);
        for (String name : requestOnly) {
            List<String> before = converter.requiredBefore(name);
            if (before != null) {
                schemas.get(name).setRequired(before.isEmpty() ? null : before);
            }
        }
    }

    private static void add(Content content, Deque<Schema<?>> roots) {
        if (content != null) {
            content.values().forEach(media -> {
                if (media.getSchema() != null) {
                    roots.add(media.getSchema());
                }
            });
        }
    }

    /** The names of the component schemas reachable from the roots through $ref, properties, items and the like. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static Set<String> reachable(Deque<Schema<?>> roots, Map<String, Schema> components) {
        Set<String> names = new HashSet<>();
        Set<Schema<?>> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        while (!roots.isEmpty()) {
            Schema<?> schema = roots.pop();
            if (schema == null || !seen.add(schema)) {
                continue;
            }
            if (schema.get$ref() != null) {
                String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
                if (names.add(name) && components.get(name) != null) {
                    roots.push(components.get(name));
                }
            }
            if (schema.getProperties() != null) {
                schema.getProperties().values().forEach(roots::push);
            }
            if (schema.getItems() != null) {
                roots.push(schema.getItems());
            }
            if (schema.getAdditionalProperties() instanceof Schema additional) {
                roots.push(additional);
            }
            for (List<Schema> composed : new List[] {schema.getAllOf(), schema.getAnyOf(), schema.getOneOf()}) {
                if (composed != null) {
                    composed.forEach(roots::push);
                }
            }
        }
        return names;
    }
}
