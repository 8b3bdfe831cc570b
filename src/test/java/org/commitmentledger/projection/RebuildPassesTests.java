package org.commitmentledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.uuid.Generators;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A rebuild too large for one pass folds its pledges over several passes, and the database picks each pass's events.
 * Every event must be read by exactly one pass, or a pledge would be folded twice or not at all, and the passes must
 * be of about the same size, or the largest would break the memory bound they are there for.
 */
class RebuildPassesTests {

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 7})
    void everyEventIsReadByExactlyOnePassAndThePledgesSpreadEvenly(int passes) {
        JdbcTemplate jdbc = ProjectionDatabase.create();
        List<String> pledges = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            pledges.add(Generators.timeBasedEpochGenerator().generate().toString());
        }
        for (int i = 0; i < 1_000; i++) {
            pledges.add("gen-7-" + String.format("%06d", i));
        }
        pledges.add("p");
        long global = 0;
        for (String pledge : pledges) {
            store(jdbc, ++global, "PledgeAggregate", pledge);
        }
        for (String other : List.of("DEU", "FRA", "fund-a", "x")) {
            store(jdbc, ++global, other.length() == 3 ? "MemberAggregate" : "FundAggregate", other);
        }

        Map<Long, Integer> readBy = new HashMap<>();
        List<Integer> pledgesPerPass = new ArrayList<>();
        for (int pass = 0; pass < passes; pass++) {
            String page = Rebuild.pageQuery(Integer.MAX_VALUE, Rebuild.passCondition(pass, passes));
            List<Long> read = jdbc.queryForList(page.replace("select global_index, sequence_number, time_stamp, "
                    + "payload_type, payload_revision, payload ", "select global_index "), Long.class, 0L, global);
            int finalPass = pass;
            read.forEach(index -> readBy.merge(index, 1, Integer::sum));
            pledgesPerPass.add((int) read.stream().filter(index -> index <= pledges.size()).count());
            if (pass > 0) {
                assertThat(read).as("pass %d reads pledges only", finalPass).allMatch(index -> index <= pledges.size());
            }
        }

        assertThat(readBy).as("the passes together read every event").hasSize((int) global);
        assertThat(readBy.values()).as("no event is read by two passes").containsOnly(1);
        double even = (double) pledges.size() / passes;
        assertThat(pledgesPerPass).as("pledges per pass against %.0f each", even)
                .allMatch(n -> n < even * 1.25 && n > even * 0.75);
    }

    private static void store(JdbcTemplate jdbc, long globalIndex, String aggregateType, String aggregateId) {
        jdbc.update("insert into domain_event_entry (global_index, event_identifier, payload, payload_type, "
                + "time_stamp, aggregate_identifier, sequence_number, type) values (?, ?, ?, 'x', "
                + "'2026-01-01T00:00:00Z', ?, 0, ?)", globalIndex, "event-" + globalIndex, new byte[] {'{', '}'},
                aggregateId, aggregateType);
    }
}
