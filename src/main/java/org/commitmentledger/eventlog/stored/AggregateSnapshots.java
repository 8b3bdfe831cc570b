package org.commitmentledger.eventlog.stored;

import org.commitmentledger.eventlog.EventJson;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.Serializer;

/**
 * How aggregate snapshots are stored and when a stored one may be used (ADR 0014), under the names of
 * {@link StoredTypes} (ADR 0035). A snapshot is the aggregate's own
 * fields as JSON (not its getters: aggregates have none), with the stored forms of money and instants of
 * {@link EventJson}. Only a snapshot written by the same {@link Revision} of the aggregate class is used; any other
 * (an older shape of the class) is ignored and the aggregate is sourced from its events, which are the record.
 */
public final class AggregateSnapshots {

    private static final Serializer SERIALIZER = StableNameSerializer.over(mapper());

    private AggregateSnapshots() {
    }

    public static Serializer serializer() {
        return SERIALIZER;
    }

    /** Lets a snapshot through only when its revision is the aggregate class's current {@code @Revision}. */
    public static SnapshotFilter filter() {
        return snapshot -> {
            String stored = snapshot.getPayload().getType().getName();
            String type = StoredTypes.classNameOf(stored).orElse(stored);
            try {
                Revision current = Class.forName(type, false, AggregateSnapshots.class.getClassLoader())
                        .getAnnotation(Revision.class);
                String revision = snapshot.getPayload().getType().getRevision();
                return current != null && current.value().equals(revision);
            } catch (ClassNotFoundException e) {
                return false;
            }
        };
    }

    static ObjectMapper mapper() {
        ObjectMapper mapper = EventJson.mapper().copy();
        mapper.registerModule(new ParameterNamesModule());
        mapper.setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE);
        mapper.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
        mapper.setVisibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY);
        // collections an aggregate creates itself (a TreeMap, a TreeSet) are filled, not replaced by Jackson's default
        mapper.setDefaultMergeable(Boolean.TRUE);
        // a field the class no longer has means the snapshot is of another shape: fail, and source from events
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return mapper;
    }
}
