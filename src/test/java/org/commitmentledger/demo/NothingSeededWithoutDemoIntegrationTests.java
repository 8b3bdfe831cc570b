package org.commitmentledger.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.commitmentledger.LedgerHttpTest;
import org.junit.jupiter.api.Test;

/** Without the demo profile nothing is seeded and the page shows no ribbon (the shared test context has none). */
class NothingSeededWithoutDemoIntegrationTests extends LedgerHttpTest {

    @Test
    void withoutTheDemoProfileNoEventIsTheSeedingsAndThePageIsToldSo() {
        Response demo = as("auditor").get("/api/demo");
        assertThat(demo.status()).isEqualTo(200);
        assertThat(demo.json().get("demo").asBoolean()).isFalse();
        assertThat(demo.json().get("fundId").isNull()).isTrue();
        List<byte[]> meta = jdbc.queryForList("select meta_data from domain_event_entry", byte[].class);
        assertThat(meta).noneMatch(m -> m != null && new String(m, StandardCharsets.UTF_8).contains("demo-seed"));
    }
}
