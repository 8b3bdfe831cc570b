package org.commitmentledger.eventlog.stored;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Axon's Jackson serializer, storing events and snapshots under the names of {@link StoredTypes} instead of their
 * class names, through the two hooks Axon's serializer offers for it ({@code typeForClass}, {@code
 * resolveClassName}); everything else (tokens, metadata) keeps Axon's own naming. An event's stored JSON must match
 * its record exactly: a field the record does not have fails loudly, unless an upcaster removed or renamed it before
 * (ADR 0035, ADR 0036).
 */
public final class StableNameSerializer extends JacksonSerializer {

    private final java.util.Map<Class<?>, ObjectReader> readers = new java.util.concurrent.ConcurrentHashMap<>();

    private StableNameSerializer(Builder builder) {
        super(builder);
    }

    /** A serializer over {@code mapper} with revisions from {@code @Revision}. */
    public static StableNameSerializer over(ObjectMapper mapper) {
        return new StableNameSerializer(JacksonSerializer.builder().objectMapper(mapper)
                .revisionResolver(new AnnotationRevisionResolver()));
    }

    @Override
    public SerializedType typeForClass(Class type) {
        if (type != null) {
            var name = StoredTypes.nameOf(type);
            if (name.isPresent()) {
                return new SimpleSerializedType(name.get(), getRevisionResolver().revisionOf(type));
            }
        }
        return super.typeForClass(type);
    }

    @Override
    protected String resolveClassName(SerializedType serializedType) {
        return StoredTypes.classNameOf(serializedType.getName()).orElse(serializedType.getName());
    }

    @Override
    protected ObjectReader getReader(Class<?> type) {
        return readers.computeIfAbsent(type, t -> StoredTypes.isEvent(t)
                ? super.getReader(t).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) : super.getReader(t));
    }

    /** Reads a stored payload of today's revision of {@code type}, as {@link #deserialize} would. */
    public Object read(byte[] payload, Class<?> type) throws java.io.IOException {
        return getReader(type).readValue(payload);
    }
}
