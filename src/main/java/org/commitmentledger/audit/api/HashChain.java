package org.commitmentledger.audit.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.commitmentledger.eventlog.FeedEntry;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * The chain of the contract's Audit section: hash = SHA-256(previous hash as 64 hex characters ‖ RFC 8785 canonical
 * JSON of the entry's sequence, type, recordedAt, effectiveAt, actor, payload), lowercase hex (ADR 0007).
 */
public final class HashChain {

    public static final String GENESIS = "0".repeat(64);
    private static final ObjectMapper JSON = new ObjectMapper();

    private HashChain() {
    }

    /** The canonical form of an entry: JCS over exactly the six hashed fields. */
    public static String canonical(FeedEntry entry) {
        return canonical(hashedFields(entry), entry.sequence());
    }

    /** The six fields of a feed entry that the chain covers, as a JSON object (the leaf adds two more). */
    public static ObjectNode hashedFields(FeedEntry entry) {
        ObjectNode node = JSON.createObjectNode();
        node.put("sequence", entry.sequence());
        node.put("type", entry.type());
        node.put("recordedAt", entry.recordedAt());
        if (entry.effectiveAt() == null) {
            node.putNull("effectiveAt");
        } else {
            node.put("effectiveAt", entry.effectiveAt());
        }
        node.set("actor", entry.actor());
        node.set("payload", entry.payload());
        return node;
    }

    /** RFC 8785 form of {@code node}: written directly, or by the library where the direct writer declines. */
    public static String canonical(ObjectNode node, long sequence) {
        StringBuilder direct = new StringBuilder(600);
        if (CanonicalJson.write(node, direct)) {
            return direct.toString();
        }
        return library(node, sequence);
    }

    /** The canonical form by the RFC 8785 library itself: the reference {@link CanonicalJson} is tested against. */
    public static String library(ObjectNode node, long sequence) {
        try {
            return new JsonCanonicalizer(JSON.writeValueAsString(node)).getEncodedString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("event " + sequence + " cannot be canonicalised", e);
        }
    }

    public static String next(String previous, FeedEntry entry) {
        return sha256(previous + canonical(entry));
    }

    /** {@link #next(String, FeedEntry)} for an entry whose canonical form is already written, as UTF-8. */
    public static String next(String previous, byte[] canonical) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(previous.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(canonical));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
