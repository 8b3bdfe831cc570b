package org.commitmentledger.member.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;
import org.commitmentledger.member.api.MemberRecorded;
import org.commitmentledger.member.api.MemberRegisteredEvent;
import org.commitmentledger.member.api.MemberRevisedEvent;
import org.commitmentledger.member.api.RegisterOrReviseMemberCommand;
import org.commitmentledger.kernel.Instants;
import org.commitmentledger.problem.LedgerRuleViolation;

/** A member of the alliance: its own timeline of registration and revisions of name and cost-share key. */
// snapshots every ledger.snapshots.threshold events (ADR 0014); a snapshot is this class's fields: change the
// revision whenever they change, and older snapshots are ignored
// type: the name stored in every event's type column, fixed here so that renaming the class changes no stored row
@Aggregate(type = "MemberAggregate", cache = "memberCache", snapshotTriggerDefinition = "aggregateSnapshots")
@Revision("1")
class MemberAggregate {

    @AggregateIdentifier
    private String code;
    private Instant registeredFrom;
    private Instant lastEffectiveAt;
    private long lastSequence;

    MemberAggregate() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    MemberRecorded handle(RegisterOrReviseMemberCommand command) {
        if (code == null) {
            apply(new MemberRegisteredEvent(command.code(), command.name(), command.costShare(),
                    command.effectiveAt()));
            return new MemberRecorded(code, lastSequence, true);
        }
        if (command.effectiveAt().isBefore(lastEffectiveAt)) {
            throw new LedgerRuleViolation("effectiveAt " + Instants.render(command.effectiveAt())
                    + " goes backwards on member " + code + "'s timeline (latest is "
                    + Instants.render(lastEffectiveAt) + ")");
        }
        apply(new MemberRevisedEvent(code, command.name(), command.costShare(), command.effectiveAt()));
        return new MemberRecorded(code, lastSequence, false);
    }

    boolean isRegisteredAt(Instant effectiveAt) {
        return !effectiveAt.isBefore(registeredFrom);
    }

    @EventSourcingHandler
    void on(MemberRegisteredEvent event, @SequenceNumber long sequence) {
        code = event.code();
        registeredFrom = event.effectiveAt();
        lastEffectiveAt = event.effectiveAt();
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(MemberRevisedEvent event, @SequenceNumber long sequence) {
        lastEffectiveAt = event.effectiveAt();
        lastSequence = sequence;
    }
}
