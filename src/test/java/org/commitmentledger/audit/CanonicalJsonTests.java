package org.commitmentledger.audit;

import org.commitmentledger.audit.api.CanonicalJson;
import org.commitmentledger.audit.api.HashChain;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.commitmentledger.eventlog.EventJson;
import org.junit.jupiter.api.Test;

/**
 * The direct writer must give exactly the RFC 8785 library's canonical form, or step aside: any difference would
 * break every stored hash. Compared over random trees built from the characters and numbers that matter.
 */
class CanonicalJsonTests {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String ALPHABET;

    static {
        StringBuilder chars = new StringBuilder();
        for (char c = 0; c < 0xa0; c++) {
            chars.append(c);
        }
        chars.append("éÉß€£¥ñ中文日本語ü\u2028\u2029\u200f\u202e\ufeff\uffff\ud800\udbff\udc00\udfff");
        chars.append("😀🇪🇺"); // surrogate pairs
        ALPHABET = chars.toString();
    }

    @Test
    void writesWhatTheLibraryWritesForRandomTrees() {
        Random random = new Random(8785);
        int direct = 0;
        for (int i = 0; i < 20_000; i++) {
            ObjectNode node = object(random, 0);
            StringBuilder out = new StringBuilder();
            if (CanonicalJson.write(node, out)) {
                direct++;
                assertThat(out.toString()).as("tree %s", node).isEqualTo(HashChain.library(node, i));
            }
        }
        assertThat(direct).as("trees written directly").isGreaterThan(2_000);
    }

    @Test
    void writesEveryStoredShapeOfEventDirectly() throws Exception {
        ObjectMapper json = EventJson.mapper();
        JsonNode payload = json.readTree("""
                {"pledgeId":"p-1","fundId":"ukraine-2024","member":"DEU","amount":"1500.50","currency":"EUR",
                 "eurRate":"1","eurAmount":"1500.50","year":2025,"effectiveAt":"2024-07-10T12:00:00.000Z",
                 "note":"Zusage \\"Q3\\"\\n€","sequence":9007199254740992,"flags":[true,false,null]}""");
        ObjectNode node = NODES.objectNode();
        node.put("sequence", 42L);
        node.put("type", "PledgeMade");
        node.set("payload", payload);
        StringBuilder out = new StringBuilder();
        assertThat(CanonicalJson.write(node, out)).isTrue();
        assertThat(out.toString()).isEqualTo(HashChain.library(node, 42));
    }

    @Test
    void leavesFractionsLargeIntegersAndLoneSurrogatesToTheLibrary() {
        for (JsonNode value : new JsonNode[] {NODES.numberNode(1.5), NODES.numberNode(new BigDecimal("1e400")),
                NODES.numberNode(new BigInteger("123456789012345678901234567890")), NODES.numberNode(1L << 54),
                NODES.textNode("a\ud800b"), NODES.textNode("\udc00")}) {
            ObjectNode node = NODES.objectNode().set("v", value);
            assertThat(CanonicalJson.write(node, new StringBuilder())).as("%s", value).isFalse();
        }
    }

    private static ObjectNode object(Random random, int depth) {
        ObjectNode node = NODES.objectNode();
        int members = random.nextInt(6);
        for (int i = 0; i < members; i++) {
            node.set(string(random, 1 + random.nextInt(4)), value(random, depth + 1));
        }
        return node;
    }

    private static JsonNode value(Random random, int depth) {
        int kind = random.nextInt(depth > 3 ? 6 : 8);
        return switch (kind) {
            case 0 -> NODES.textNode(string(random, random.nextInt(12)));
            case 1 -> NODES.numberNode(random.nextInt());
            case 2 -> NODES.numberNode(random.nextBoolean() ? random.nextLong() >> random.nextInt(64)
                    : (1L << 53) - random.nextInt(3) + 1);
            case 3 -> random.nextInt(10) == 0 ? NODES.numberNode(random.nextDouble() * 1e6) : NODES.nullNode();
            case 4 -> NODES.booleanNode(random.nextBoolean());
            case 5 -> NODES.textNode(string(random, 2));
            case 6 -> object(random, depth);
            default -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(value(random, depth + 1));
                }
                yield array;
            }
        };
    }

    private static String string(Random random, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(random.nextInt(3) == 0 ? (char) ('a' + random.nextInt(26))
                    : ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }
}
