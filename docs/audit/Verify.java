import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An independent verifier of the commitment ledger's hash chain, written against the HTTP contract only (docs/audit.md).
 * It needs nothing but a JDK 17 and trusts nothing the service computed: it pages through /api/events, canonicalises
 * each entry with its own RFC 8785 code, recomputes every hash from the previous one and compares it with the hash the
 * feed shows.
 *
 * <pre>
 *   java Verify.java http://host:8080 auditor auditor                       # the whole chain
 *   java Verify.java http://host:8080 auditor auditor DIGEST SEQUENCE       # ... and a digest you kept
 * </pre>
 *
 * Exit code 0: valid; it prints the head ("head HASH") and its sequence. Exit code 1: the chain is broken, or the kept
 * digest does not match; it prints the first bad sequence. Exit code 2: wrong usage, or the service cannot be read.
 */
public class Verify {

    static final String GENESIS = "0".repeat(64);
    static final int PAGE = 1000;

    public static void main(String[] args) throws Exception {
        if (args.length != 3 && args.length != 5 || args.length == 5 && !args[3].matches("[0-9a-fA-F]{64}")) {
            System.err.println("usage: java Verify.java BASE_URL USER PASSWORD [DIGEST SEQUENCE]");
            System.err.println("       DIGEST: the 64 hex characters of a head from /api/audit/digest");
            System.exit(2);
        }
        try {
            verify(args);
        } catch (RuntimeException e) {
            System.err.println("cannot verify: " + e.getMessage());
            System.exit(2);
        }
    }

    static void verify(String[] args) throws Exception {
        String base = args[0].replaceAll("/+$", "");
        String auth = "Basic " + Base64.getEncoder()
                .encodeToString((args[1] + ":" + args[2]).getBytes(StandardCharsets.UTF_8));
        String keptDigest = args.length == 5 ? args[3].toLowerCase(java.util.Locale.ROOT) : null;
        long keptSequence = args.length == 5 ? Long.parseLong(args[4]) : -1;

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        String previous = GENESIS;
        long events = 0;
        long headSequence = 0;
        boolean keptSeen = false;
        long after = 0;
        long started = System.nanoTime();
        while (true) {
            Map<String, Object> page = fetch(http, auth, base + "/api/events?after=" + after + "&limit=" + PAGE);
            for (Object item : (List<?>) page.get("events")) {
                Map<?, ?> entry = (Map<?, ?>) item;
                long sequence = ((BigInteger) entry.get("sequence")).longValueExact();
                if (keptDigest != null && !keptSeen && sequence > keptSequence) {
                    fail("the feed has no event with sequence " + keptSequence + ", the sequence of the kept digest",
                            keptSequence);
                }
                Map<String, Object> hashed = new LinkedHashMap<>();
                for (String field : List.of("sequence", "type", "recordedAt", "effectiveAt", "actor", "payload")) {
                    hashed.put(field, entry.get(field)); // a missing effectiveAt is null, as the contract hashes it
                }
                String canonical = canonical(hashed);
                String hash = HexFormat.of().formatHex(
                        sha256.digest((previous + canonical).getBytes(StandardCharsets.UTF_8)));
                if (!hash.equals(entry.get("hash"))) {
                    fail("event " + sequence + " hashes to " + hash + " but the feed shows " + entry.get("hash")
                            + ": it, or the history before it, was altered, removed, reordered or inserted", sequence);
                }
                if (sequence == keptSequence) {
                    keptSeen = true;
                    if (!hash.equals(keptDigest)) {
                        fail("the history leads to " + hash + " at sequence " + sequence + ", not to the kept digest "
                                + keptDigest + ": an event at or before it was changed", sequence);
                    }
                }
                previous = hash;
                headSequence = sequence;
                events++;
            }
            Object next = page.get("next");
            if (next == null) {
                break;
            }
            after = ((BigInteger) next).longValueExact();
        }
        if (keptDigest != null && !keptSeen) {
            fail("the feed ends at sequence " + headSequence + ", before the kept digest's sequence " + keptSequence,
                    keptSequence);
        }
        System.out.println("valid: " + events + " events in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        System.out.println("sequence " + headSequence);
        System.out.println("head " + previous);
        if (keptDigest != null) {
            System.out.println("kept digest at sequence " + keptSequence + " matches");
        }
    }

    static void fail(String reason, long sequence) {
        System.out.println("INVALID at sequence " + sequence + ": " + reason);
        System.exit(1);
    }

    static Map<String, Object> fetch(HttpClient http, String auth, String url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", auth).header("Accept", "application/json")
                    .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                System.err.println("GET " + url + " answered " + response.statusCode() + ": " + response.body());
                System.exit(2);
            }
            if (!(new Parser(response.body()).document() instanceof Map<?, ?> page)
                    || !(page.get("events") instanceof List<?>)) {
                throw new IllegalArgumentException("GET " + url + " did not answer a feed page");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> feed = (Map<String, Object>) page;
            return feed;
        } catch (IOException | InterruptedException e) {
            System.err.println("GET " + url + " failed: " + e);
            System.exit(2);
            return null;
        }
    }

    // ---- RFC 8785 (JSON Canonicalization Scheme) for strings, integers, booleans, null, arrays and objects ----

    static String canonical(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean b) {
            out.append(b);
        } else if (value instanceof BigInteger n) {
            // RFC 8785 renders numbers as ECMAScript doubles: exact and plain for integers up to 2^53
            if (n.abs().bitLength() > 53) {
                throw new IllegalArgumentException("integer " + n + " is beyond what this verifier handles");
            }
            out.append(n);
        } else if (value instanceof String s) {
            string(s, out);
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(list.get(i), out);
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            // String's natural order compares UTF-16 code units, exactly as RFC 8785 section 3.2.3 sorts keys
            TreeMap<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put((String) k, v));
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(e.getKey(), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else {
            throw new IllegalArgumentException("cannot canonicalise " + value.getClass().getSimpleName());
        }
    }

    /** RFC 8785 section 3.2.2.2: escape quote, backslash and control characters; everything else stays as it is. */
    static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
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
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    // ---- A small strict JSON parser: objects keep their fields, integers become BigInteger ----

    static final class Parser {
        private final String text;
        private int at;

        Parser(String text) {
            this.text = text;
        }

        Object document() {
            Object value = value();
            skipSpace();
            if (at != text.length()) {
                throw error("trailing characters");
            }
            return value;
        }

        private Object value() {
            skipSpace();
            if (at >= text.length()) {
                throw error("unexpected end");
            }
            char c = text.charAt(at);
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    return number();
            }
        }

        private Map<String, Object> object() {
            Map<String, Object> object = new LinkedHashMap<>();
            at++;
            skipSpace();
            if (peek() == '}') {
                at++;
                return object;
            }
            while (true) {
                skipSpace();
                if (peek() != '"') {
                    throw error("expected a field name");
                }
                String key = string();
                skipSpace();
                expect(':');
                if (object.containsKey(key)) {
                    throw error("duplicate field " + key);
                }
                object.put(key, value());
                skipSpace();
                char c = next();
                if (c == '}') {
                    return object;
                }
                if (c != ',') {
                    throw error("expected , or }");
                }
            }
        }

        private List<Object> array() {
            List<Object> array = new ArrayList<>();
            at++;
            skipSpace();
            if (peek() == ']') {
                at++;
                return array;
            }
            while (true) {
                array.add(value());
                skipSpace();
                char c = next();
                if (c == ']') {
                    return array;
                }
                if (c != ',') {
                    throw error("expected , or ]");
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw error("control character in string");
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"' -> out.append('"');
                    case '\\' -> out.append('\\');
                    case '/' -> out.append('/');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (at + 4 > text.length()) {
                            throw error("short \\u escape");
                        }
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> throw error("bad escape \\" + e);
                }
            }
        }

        private Object number() {
            int start = at;
            if (peek() == '-') {
                at++;
            }
            while (at < text.length() && Character.isDigit(text.charAt(at))) {
                at++;
            }
            if (at < text.length() && ".eE".indexOf(text.charAt(at)) >= 0) {
                throw error("a non-integer number: this verifier handles the ledger's events, whose money is strings");
            }
            if (at == start || text.substring(start, at).equals("-")) {
                throw error("unexpected character");
            }
            return new BigInteger(text.substring(start, at));
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, at)) {
                throw error("unexpected literal");
            }
            at += word.length();
            return value;
        }

        private void skipSpace() {
            while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
        }

        private char peek() {
            return at < text.length() ? text.charAt(at) : '\0';
        }

        private char next() {
            if (at >= text.length()) {
                throw error("unexpected end");
            }
            return text.charAt(at++);
        }

        private void expect(char c) {
            if (next() != c) {
                throw error("expected " + c);
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("malformed JSON at offset " + at + ": " + what);
        }
    }
}
