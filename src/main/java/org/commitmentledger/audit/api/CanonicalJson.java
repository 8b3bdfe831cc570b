package org.commitmentledger.audit.api;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * RFC 8785 (JCS) written straight from a Jackson tree, for the values the ledger stores: objects with members
 * sorted by UTF-16 code units, strings escaped as JCS escapes them, integers of at most 2^53 in magnitude, booleans,
 * null. Anything else (a fraction or exponent, a larger integer, a lone surrogate) answers {@code false}, and the
 * caller canonicalises with the library instead, so the result is always the library's (ADR 0007, ADR 0015).
 * Verification spends most of its time here: this skips the library's second parse and serialisation.
 */
public final class CanonicalJson {

    private static final long EXACT = 1L << 53;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CanonicalJson() {
    }

    /** Appends the canonical form of {@code node}; false if it holds a value this writer leaves to the library. */
    public static boolean write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                @SuppressWarnings("unchecked")
                Map.Entry<String, JsonNode>[] members = new Map.Entry[node.size()];
                int n = 0;
                for (Map.Entry<String, JsonNode> member : node.properties()) {
                    members[n++] = member;
                }
                sortByName(members, n);
                out.append('{');
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    if (!string(members[i].getKey(), out)) {
                        return false;
                    }
                    out.append(':');
                    if (!write(members[i].getValue(), out)) {
                        return false;
                    }
                }
                out.append('}');
                return true;
            }
            case ARRAY -> {
                out.append('[');
                Iterator<JsonNode> elements = node.elements();
                for (int i = 0; elements.hasNext(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    if (!write(elements.next(), out)) {
                        return false;
                    }
                }
                out.append(']');
                return true;
            }
            case STRING -> {
                return string(node.textValue(), out);
            }
            case NUMBER -> {
                if ((node.isInt() || node.isLong()) && Math.abs(node.longValue()) <= EXACT) {
                    out.append(node.longValue());
                    return true;
                }
                return false;
            }
            case BOOLEAN -> {
                out.append(node.booleanValue());
                return true;
            }
            case NULL -> {
                out.append("null");
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * Sorts an object's members by name in UTF-16 code units, as RFC 8785 requires and {@link String#compareTo}
     * compares. An event's objects have a handful of members, for which an insertion sort beats a general one.
     */
    private static void sortByName(Map.Entry<String, JsonNode>[] members, int n) {
        if (n > 16) {
            Arrays.sort(members, 0, n, Map.Entry.comparingByKey());
            return;
        }
        for (int i = 1; i < n; i++) {
            Map.Entry<String, JsonNode> member = members[i];
            int j = i - 1;
            while (j >= 0 && members[j].getKey().compareTo(member.getKey()) > 0) {
                members[j + 1] = members[j];
                j--;
            }
            members[j + 1] = member;
        }
    }

    private static boolean string(String value, StringBuilder out) {
        out.append('"');
        int plain = plainPrefix(value);
        if (plain == value.length()) {
            out.append(value).append('"');
            return true;
        }
        out.append(value, 0, plain);
        for (int i = plain; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else if (Character.isHighSurrogate(c)) {
                        if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                            return false;
                        }
                        out.append(c).append(value.charAt(++i));
                    } else if (Character.isLowSurrogate(c)) {
                        return false;
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
        return true;
    }

    /** How many leading characters are written as they are: neither escaped nor part of a surrogate pair. */
    private static int plainPrefix(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
                return i;
            }
        }
        return value.length();
    }
}
