package org.commitmentledger.eventlog;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.commitmentledger.kernel.Instants;

/** Turns one stored event row into the entry the feed shows (and the hash chain covers). */
public final class FeedEntries {

    private static final ObjectMapper JSON = EventJson.mapper();

    private FeedEntries() {
    }

    public static FeedEntry of(long globalIndex, String payloadType, String timeStamp, byte[] payload,
                               byte[] metaData) {
        return of(globalIndex, payloadType, timeStamp, payload, metaData, null, null);
    }

    /** The entry with the aggregate it belongs to, as the feed shows it and the Merkle leaf covers it. */
    public static FeedEntry of(long globalIndex, String payloadType, String timeStamp, byte[] payload,
                               byte[] metaData, String aggregateId, Long aggregateSequence) {
        try {
            JsonNode payloadNode = readOrRaw(payload);
            JsonNode metaNode = metaData == null ? null : readOrRaw(metaData);
            JsonNode actor = metaNode == null ? null : metaNode.get("actor");
            if (actor == null) {
                ObjectNode unknown = JsonNodeFactory.instance.objectNode();
                unknown.put("user", "anonymous");
                unknown.put("role", "NONE");
                actor = unknown;
            }
            JsonNode effective = payloadNode.get("effectiveAt");
            return new FeedEntry(globalIndex, typeName(payloadType), Instants.renderStored(timeStamp),
                    effective == null ? null : effective.asText(), actor, payloadNode, null, aggregateId,
                    aggregateSequence);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A stored payload that is no longer JSON (someone edited the table) is shown as the text it holds, so the feed
     * still answers and the hash chain names the altered event instead of failing.
     */
    private static JsonNode readOrRaw(byte[] stored) throws IOException {
        try {
            JsonNode node = JSON.readTree(stored);
            return node == null ? JsonNodeFactory.instance.textNode("") : node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return JsonNodeFactory.instance.textNode(new String(stored, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** {@code org.….pledge.api.PledgeMadeEvent} is shown as {@code PledgeMade}. */
    static String typeName(String payloadType) {
        String simple = payloadType.substring(payloadType.lastIndexOf('.') + 1);
        return simple.endsWith("Event") ? simple.substring(0, simple.length() - 5) : simple;
    }
}
