package org.commitmentledger.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.modelling.command.ConcurrencyException;
import org.commitmentledger.LedgerHttpScenarios;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The append's own statements, seen from the store: what it writes, and what it refuses without writing. */
class ChainedAppendIntegrationTests extends LedgerHttpScenarios {

    @Autowired
    EventStorageEngine engine;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void anEventWhoseAggregateSequenceIsTakenIsRefusedAsAConcurrentAppendAndWritesNothing() {
        String fund = proposeFund();
        decide(fund);
        DomainEventMessage<?> decided = engine.readEvents(fund).asStream().toList().get(1);
        DomainEventMessage<?> clash = new GenericDomainEventMessage<>(decided.getType(), fund,
                decided.getSequenceNumber(), decided.getPayload(), decided.getMetaData());
        long events = eventCount();
        Map<String, Object> head = jdbc.queryForMap("select last_sequence, head from chain_head where id = 1");
        long links = jdbc.queryForObject("select count(*) from event_chain", Long.class);

        assertThatThrownBy(() -> new TransactionTemplate(transactions)
                .executeWithoutResult(status -> engine.appendEvents(clash)))
                .isInstanceOf(ConcurrencyException.class);

        assertThat(eventCount()).isEqualTo(events);
        assertThat(jdbc.queryForMap("select last_sequence, head from chain_head where id = 1")).isEqualTo(head);
        assertThat(jdbc.queryForObject("select count(*) from event_chain", Long.class)).isEqualTo(links);
    }

    @Test
    void appendedEventsTakeSequenceNumbersInOrderAndEachGetsItsChainLink() {
        String fund = proposeFund();
        decide(fund);
        DomainEventMessage<?> decided = engine.readEvents(fund).asStream().toList().get(1);
        List<DomainEventMessage<?>> two = List.of(
                new GenericDomainEventMessage<>(decided.getType(), fund, 2, decided.getPayload(), decided.getMetaData()),
                new GenericDomainEventMessage<>(decided.getType(), fund, 3, decided.getPayload(), decided.getMetaData()));
        String storedType = jdbc.queryForObject("select payload_type from domain_event_entry "
                + "where aggregate_identifier = ? and sequence_number = 1", String.class, fund);

        // rolled back: events appended past the live projections would make a later rebuild differ from them
        TransactionTemplate rolledBack = new TransactionTemplate(transactions);
        rolledBack.executeWithoutResult(status -> {
            status.setRollbackOnly();
            long before = jdbc.queryForObject("select last_sequence from chain_head where id = 1", Long.class);

            engine.appendEvents(two);

            List<Map<String, Object>> stored = jdbc.queryForList("select e.global_index, e.sequence_number, "
                    + "e.event_identifier, e.payload_type, c.hash from domain_event_entry e "
                    + "join event_chain c on c.global_index = e.global_index where e.aggregate_identifier = ? "
                    + "and e.sequence_number >= 2 order by e.global_index", fund);
            assertThat(stored).extracting(row -> ((Number) row.get("SEQUENCE_NUMBER")).longValue())
                    .containsExactly(2L, 3L);
            assertThat(stored).extracting(row -> row.get("EVENT_IDENTIFIER"))
                    .containsExactly(two.get(0).getIdentifier(), two.get(1).getIdentifier());
            assertThat(stored).extracting(row -> row.get("PAYLOAD_TYPE")).containsOnly(storedType);
            long first = ((Number) stored.get(0).get("GLOBAL_INDEX")).longValue();
            assertThat(first).isGreaterThan(before);
            assertThat(((Number) stored.get(1).get("GLOBAL_INDEX")).longValue()).isEqualTo(first + 1);
            assertThat(jdbc.queryForObject("select last_sequence from chain_head where id = 1", Long.class))
                    .isEqualTo(first + 1);
            assertThat(jdbc.queryForObject("select head from chain_head where id = 1", String.class).trim())
                    .isEqualTo(((String) stored.get(1).get("HASH")).trim());
            // stored in Axon's own rendering of the time, which the chain, the feed and the auditor's program read
            assertThat(engine.readEvents(fund).asStream().toList().get(2).getTimestamp())
                    .isEqualTo(two.get(0).getTimestamp());
        });
    }
}
