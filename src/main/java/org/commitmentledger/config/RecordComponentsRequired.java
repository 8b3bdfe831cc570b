package org.commitmentledger.config;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.Schema;
import org.springframework.stereotype.Component;

/**
 * Jackson writes every component of an answer record, null included (inclusion ALWAYS), so a client may rely on each
 * key being there: the OpenAPI document says so by listing every component of the ledger's records as
 * {@code required}. The exceptions are the components the record itself says may be absent: annotated
 * {@code @JsonInclude} with anything but ALWAYS (on the component or the record) or
 * {@code @Schema(requiredMode = NOT_REQUIRED)}, and {@code @JsonIgnore}d ones. {@code @Schema(nullable = true)} keeps
 * a component required: present, possibly null. Components of a {@code @JsonUnwrapped} record are judged as its own.
 *
 * <p>Request bodies are records too, where absent means "not given": {@link AnswerSchemasInOpenApi} gives a schema
 * that only requests use back the {@code required} it had before this converter ({@link #requiredBefore}).
 */
@Component
class RecordComponentsRequired implements ModelConverter {

    private static final String OURS = "org.commitmentledger.";

    private final Map<String, List<String>> requiredBefore = new ConcurrentHashMap<>();

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        if (!chain.hasNext()) {
            return null;
        }
        Schema resolved = chain.next().resolve(type, context, chain);
        Class<?> raw = type.getType() == null ? null : Json.mapper().constructType(type.getType()).getRawClass();
        if (resolved == null || raw == null || !raw.isRecord() || !raw.getName().startsWith(OURS)) {
            return resolved;
        }
        Schema model = resolved;
        if (resolved.get$ref() != null) {
            String ref = resolved.get$ref();
            model = context.getDefinedModels().get(ref.substring(ref.lastIndexOf('/') + 1));
        }
        if (model == null || model.getProperties() == null) {
            return resolved;
        }
        List<String> before = model.getRequired() == null ? List.of() : List.copyOf(model.getRequired());
        if (model.getName() != null) {
            requiredBefore.putIfAbsent(model.getName(), before);
        }
        Set<String> required = requiredComponents(raw);
        List<String> marked = new ArrayList<>();
        for (Object property : model.getProperties().keySet()) {
            if (required.contains(property) || before.contains(property)) {
                marked.add((String) property);
            }
        }
        model.setRequired(marked.isEmpty() ? null : marked);
        nullableReferences(raw, model);
        return resolved;
    }

    /**
     * swagger-core drops {@code nullable} on a component whose type is another record (a bare {@code $ref}, whose
     * siblings OpenAPI 3.0 ignores), so "present, possibly null" would read as "always an object": such a property
     * becomes OpenAPI 3.0's idiom {@code {nullable: true, allOf: [{$ref}]}}.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void nullableReferences(Class<?> record, Schema model) {
        for (RecordComponent component : record.getRecordComponents()) {
            io.swagger.v3.oas.annotations.media.Schema schema =
                    annotation(record, component, io.swagger.v3.oas.annotations.media.Schema.class);
            Object property = model.getProperties().get(jsonName(record, component));
            if (schema != null && schema.nullable() && property instanceof Schema reference
                    && reference.get$ref() != null) {
                Schema nullable = new Schema<>().nullable(true).description(reference.getDescription())
                        .allOf(List.of(new Schema<>().$ref(reference.get$ref())));
                model.getProperties().put(jsonName(record, component), nullable);
            }
        }
    }

    private static String jsonName(Class<?> record, RecordComponent component) {
        JsonProperty renamed = annotation(record, component, JsonProperty.class);
        return renamed != null && !renamed.value().isEmpty() ? renamed.value() : component.getName();
    }

    /** The schema's {@code required} as swagger-core gave it, before this converter marked anything. */
    List<String> requiredBefore(String schemaName) {
        return requiredBefore.get(schemaName);
    }

    /** The JSON names of the record's components that are always written, unwrapped records' included. */
    static Set<String> requiredComponents(Class<?> record) {
        Set<String> names = new LinkedHashSet<>();
        boolean recordMayOmit = mayOmit(record.getAnnotation(JsonInclude.class));
        for (RecordComponent component : record.getRecordComponents()) {
            if (optional(record, component, recordMayOmit)) {
                continue;
            }
            if (annotation(record, component, JsonUnwrapped.class) != null) {
                if (component.getType().isRecord()) {
                    names.addAll(requiredComponents(component.getType()));
                }
                continue;
            }
            names.add(jsonName(record, component));
        }
        return names;
    }

    private static boolean optional(Class<?> record, RecordComponent component, boolean recordMayOmit) {
        if (annotation(record, component, JsonIgnore.class) != null) {
            return true;
        }
        io.swagger.v3.oas.annotations.media.Schema schema =
                annotation(record, component, io.swagger.v3.oas.annotations.media.Schema.class);
        if (schema != null && schema.requiredMode() == io.swagger.v3.oas.annotations.media.Schema.RequiredMode
                .NOT_REQUIRED) {
            return true;
        }
        JsonInclude include = annotation(record, component, JsonInclude.class);
        return include != null ? mayOmit(include) : recordMayOmit;
    }

    private static boolean mayOmit(JsonInclude include) {
        return include != null && include.value() != JsonInclude.Include.ALWAYS
                && include.value() != JsonInclude.Include.USE_DEFAULTS;
    }

    /**
     * An annotation written on a record component lands on the field, the accessor and the constructor parameter
     * (whichever its target allows), not on the component itself unless it targets RECORD_COMPONENT.
     */
    private static <A extends Annotation> A annotation(Class<?> record, RecordComponent component, Class<A> type) {
        A found = component.getAnnotation(type);
        if (found == null) {
            found = component.getAccessor().getAnnotation(type);
        }
        if (found == null) {
            try {
                Field field = record.getDeclaredField(component.getName());
                found = field.getAnnotation(type);
            } catch (NoSuchFieldException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        return found;
    }
}
