package org.commitmentledger.fund.web;

import java.util.Map;

/**
 * The start of every fund read answer, as {@code ReadHeaders} gives it: the two times echoed and the newest sequence
 * recorded by asOf. Each answer record repeats these three components first, so its schema lists them as JSON does.
 */
record ReadHeader(String asOf, String effectiveAt, long lastSequence) {

    static ReadHeader of(Map<String, Object> header) {
        return new ReadHeader((String) header.get("asOf"), (String) header.get("effectiveAt"),
                ((Number) header.get("lastSequence")).longValue());
    }
}
