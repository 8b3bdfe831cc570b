package org.commitmentledger.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import org.commitmentledger.LedgerHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * H2 writes every commit to its file before acknowledging it, whatever URL the ledger was given (ADR 0013): with H2's
 * default write delay of 500 ms, kill -9 lost acknowledged writes in the crash run (docs/reliability.md).
 */
class H2DurabilityIntegrationTests extends LedgerHttpTest {

    @Value("${spring.datasource.url}")
    private String url;

    @Test
    void writesEveryCommitToTheFileEvenWhenTheUrlDoesNotSaySo() {
        // the shared test context's own URL leaves H2 at its default delay: what is checked is the start-up guard
        assertThat(url).startsWith("jdbc:h2:file:").doesNotContainIgnoringCase("WRITE_DELAY");
        // the live value, and the copy SET WRITE_DELAY persists
        assertThat(jdbc.queryForList("select setting_value from information_schema.settings "
                + "where setting_name = 'WRITE_DELAY'", String.class)).isNotEmpty().containsOnly("0");
    }
}
