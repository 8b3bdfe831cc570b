package org.commitmentledger.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.commitmentledger.LedgerApplication;
import org.commitmentledger.audit.ChainStore;
import org.commitmentledger.projection.ProjectionAdmin;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The benchmark's generator and measures, tiny: keeps {@code LedgerBenchmark} (run with {@code -Pbench}) from
 * rotting. Its own application on its own temporary database, closed at the end; nothing is timed.
 */
class GeneratedHistoryTests {

    @Test
    void generatedHistoryReplaysIntoTheSameProjectionsAndVerifies() throws Exception {
        String url = "jdbc:h2:file:./target/test-db/generated-" + System.nanoTime() + ";DB_CLOSE_ON_EXIT=FALSE";
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(LedgerApplication.class)
                .run("--spring.datasource.url=" + url, "--server.port=0")) {
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
            LedgerGenerator.Generated generated = new LedgerGenerator(app.getBean(EventStorageEngine.class), jdbc, 500)
                    .generate(42, 2_000);
            ProjectionAdmin admin = app.getBean(ProjectionAdmin.class);

            System.out.println("[bench smoke] generated " + generated.events() + " events in " + generated.millis() + " ms");
            assertThat(generated.events()).isBetween(2_000L, 2_400L);
            assertThat(BenchSupport.rebuild(admin, Duration.ofMinutes(2))).isTrue();
            List<Map<String, Object>> before = jdbc.queryForList("select fund_id, agg_seq, state from "
                    + live(jdbc, "fund_version") + " order by fund_id, agg_seq");
            long pledgeRows = count(jdbc, "select count(*) from " + live(jdbc, "pledge_version"));
            assertThat(before).hasSizeGreaterThanOrEqualTo(generated.funds().size());

            assertThat(BenchSupport.rebuild(admin, Duration.ofMinutes(2))).isTrue();

            assertThat(jdbc.queryForList("select fund_id, agg_seq, state from " + live(jdbc, "fund_version")
                    + " order by fund_id, agg_seq")).isEqualTo(before);
            assertThat(count(jdbc, "select count(*) from " + live(jdbc, "pledge_version"))).isEqualTo(pledgeRows);
            ChainStore.Verification verification = app.getBean(ChainStore.class).verify();
            assertThat(verification.valid()).isTrue();
            assertThat(verification.events()).isEqualTo(generated.events());
            assertThat(BenchSupport.rawChainDigest(jdbc.getDataSource()).events()).isEqualTo(generated.events());
        }
    }

    private static String live(JdbcTemplate jdbc, String table) {
        return table + "_g" + jdbc.queryForObject("select live_generation from projection_state", Integer.class);
    }

    private static long count(JdbcTemplate jdbc, String sql) {
        Long n = jdbc.queryForObject(sql, Long.class);
        return n == null ? 0 : n;
    }
}
