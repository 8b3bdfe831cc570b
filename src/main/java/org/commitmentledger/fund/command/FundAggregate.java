package org.commitmentledger.fund.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;
import org.commitmentledger.fund.api.DecisionRoundConcludedEvent;
import org.commitmentledger.fund.api.FundAmendedEvent;
import org.commitmentledger.fund.api.FundCommands.AmendFundCommand;
import org.commitmentledger.fund.api.FundCommands.ConcludeDecisionRoundCommand;
import org.commitmentledger.fund.api.FundCommands.DeclareOptOutCommand;
import org.commitmentledger.fund.api.FundCommands.ProposeFundCommand;
import org.commitmentledger.fund.api.FundCommands.RaiseObjectionCommand;
import org.commitmentledger.fund.api.FundCommands.WithdrawObjectionCommand;
import org.commitmentledger.fund.api.FundProposedEvent;
import org.commitmentledger.fund.api.FundRecorded;
import org.commitmentledger.fund.api.FundStatus;
import org.commitmentledger.fund.api.MemberOptedOutEvent;
import org.commitmentledger.fund.api.ObjectionRaisedEvent;
import org.commitmentledger.fund.api.ObjectionWithdrawnEvent;
import org.commitmentledger.fund.api.RoundOutcome;
import org.commitmentledger.member.api.MemberDirectory;
import org.commitmentledger.kernel.Instants;
import org.commitmentledger.problem.LedgerRuleViolation;
import org.commitmentledger.problem.UnknownResourceException;

/**
 * A fund and its decision rounds under the silence procedure. Its events form one timeline whose effectiveAt never
 * goes backwards, so the state at any valid time is the state after a prefix of its events (ADR 0002, 0005).
 */
// snapshots every ledger.snapshots.threshold events (ADR 0014); a snapshot is this class's fields: change the
// revision whenever they change, and older snapshots are ignored
// type: the name stored in every event's type column, fixed here so that renaming the class changes no stored row
@Aggregate(type = "FundAggregate", cache = "fundCache", snapshotTriggerDefinition = "aggregateSnapshots")
@Revision("1")
class FundAggregate {

    @AggregateIdentifier
    private String fundId;
    private long lastSequence;
    private Instant lastEffectiveAt;
    private final Map<Integer, Round> rounds = new TreeMap<>();
    private Integer openRound;
    private Integer adoptedRound;
    private int newestRound;
    private final Map<String, Instant> optOuts = new TreeMap<>();
    /** Status and terms after each event that changed them, in effective-time order. */
    private final List<Transition> transitions = new ArrayList<>();

    FundAggregate() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    FundRecorded handle(ProposeFundCommand command) {
        if (fundId != null) {
            throw new LedgerRuleViolation("fundId " + command.fundId() + " is already used");
        }
        apply(new FundProposedEvent(command.fundId(), command.name(), 1, command.targetEur(), command.periodStart(),
                command.periodEnd(), command.decisionDeadline(), command.effectiveAt()));
        return FundRecorded.of(fundId, lastSequence);
    }

    @CommandHandler
    FundRecorded handle(AmendFundCommand command) {
        followsTimeline(command.effectiveAt());
        apply(new FundAmendedEvent(fundId, newestRound + 1, openRound, command.targetEur(), command.periodStart(),
                command.periodEnd(), command.decisionDeadline(), command.reason(), command.effectiveAt()));
        return FundRecorded.of(fundId, lastSequence);
    }

    @CommandHandler
    FundRecorded handle(RaiseObjectionCommand command, MemberDirectory members) {
        followsTimeline(command.effectiveAt());
        Round round = requireOpenRound("an objection");
        if (command.effectiveAt().isAfter(round.deadline())) {
            throw new LedgerRuleViolation("the decision deadline of round " + round.number() + " ("
                    + Instants.render(round.deadline()) + ") had passed at "
                    + Instants.render(command.effectiveAt()));
        }
        requireRegistered(members, command.member(), command.effectiveAt());
        if (optOuts.containsKey(command.member())) {
            throw new LedgerRuleViolation("member " + command.member() + " has opted out of fund " + fundId
                    + " and cannot object");
        }
        if (round.objecting().contains(command.member())) {
            throw new LedgerRuleViolation("member " + command.member() + " already objects in round "
                    + round.number());
        }
        apply(new ObjectionRaisedEvent(fundId, round.number(), command.member(), command.reason(),
                command.effectiveAt()));
        return FundRecorded.of(fundId, lastSequence);
    }

    @CommandHandler
    FundRecorded handle(WithdrawObjectionCommand command, MemberDirectory members) {
        if (!members.isRecorded(command.member())) {
            throw new UnknownResourceException("no member " + command.member() + " was ever registered");
        }
        followsTimeline(command.effectiveAt());
        if (openRound == null || !rounds.get(openRound).objecting().contains(command.member())) {
            throw new LedgerRuleViolation("no objection by " + command.member() + " stands in an open round of fund "
                    + fundId);
        }
        apply(new ObjectionWithdrawnEvent(fundId, openRound, command.member(), command.reason(),
                command.effectiveAt()));
        return FundRecorded.of(fundId, lastSequence);
    }

    @CommandHandler
    FundRecorded handle(DeclareOptOutCommand command, MemberDirectory members) {
        followsTimeline(command.effectiveAt());
        requireRegistered(members, command.member(), command.effectiveAt());
        if (openRound != null && rounds.get(openRound).objecting().contains(command.member())) {
            throw new LedgerRuleViolation("member " + command.member() + " has a standing objection in round "
                    + openRound + "; withdraw it before opting out");
        }
        if (optOuts.containsKey(command.member())) {
            throw new LedgerRuleViolation("member " + command.member() + " has already opted out of fund " + fundId);
        }
        apply(new MemberOptedOutEvent(fundId, command.member(), command.reason(), command.effectiveAt()));
        return FundRecorded.of(fundId, lastSequence);
    }

    @CommandHandler
    FundRecorded handle(ConcludeDecisionRoundCommand command) {
        followsTimeline(command.effectiveAt());
        Round round = requireOpenRound("a decision");
        if (command.effectiveAt().isBefore(round.deadline())) {
            throw new LedgerRuleViolation("round " + round.number() + " cannot be concluded before its decision "
                    + "deadline " + Instants.render(round.deadline()) + " (effectiveAt "
                    + Instants.render(command.effectiveAt()) + ")");
        }
        List<String> standing = List.copyOf(round.objecting());
        RoundOutcome outcome = standing.isEmpty() ? RoundOutcome.ADOPTED : RoundOutcome.BLOCKED;
        apply(new DecisionRoundConcludedEvent(fundId, round.number(), outcome, standing, command.effectiveAt()));
        return new FundRecorded(fundId, lastSequence, round.number(), outcome, standing);
    }

    /** Why this fund refuses a pledge at that valid time, as currently recorded; empty if it admits it. */
    Optional<String> refusalOfPledge(String member, int year, Instant effectiveAt) {
        Transition state = null;
        for (Transition t : transitions) {
            if (t.effectiveAt.isAfter(effectiveAt)) {
                break;
            }
            state = t;
        }
        if (state == null) {
            return Optional.of("fund " + fundId + " did not exist yet at " + Instants.render(effectiveAt));
        }
        if (state.status == FundStatus.BLOCKED) {
            return Optional.of("fund " + fundId + " was BLOCKED at " + Instants.render(effectiveAt));
        }
        Instant optedOut = optOuts.get(member);
        if (optedOut != null && !optedOut.isAfter(effectiveAt)) {
            return Optional.of("member " + member + " had opted out of fund " + fundId + " at "
                    + Instants.render(optedOut));
        }
        if (year < state.periodStart.getYear() || year > state.periodEnd.getYear()) {
            return Optional.of("year " + year + " lies outside the fund's period " + state.periodStart + " to "
                    + state.periodEnd);
        }
        return Optional.empty();
    }

    private void followsTimeline(Instant effectiveAt) {
        if (effectiveAt.isBefore(lastEffectiveAt)) {
            throw new LedgerRuleViolation("effectiveAt " + Instants.render(effectiveAt)
                    + " goes backwards on fund " + fundId + "'s timeline (latest is "
                    + Instants.render(lastEffectiveAt) + ")");
        }
    }

    private Round requireOpenRound(String what) {
        if (openRound == null) {
            throw new LedgerRuleViolation("fund " + fundId + " has no open decision round for " + what);
        }
        return rounds.get(openRound);
    }

    private static void requireRegistered(MemberDirectory members, String member, Instant effectiveAt) {
        if (!members.isRegisteredAt(member, effectiveAt)) {
            throw new LedgerRuleViolation("member " + member + " is not registered at "
                    + Instants.render(effectiveAt));
        }
    }

    @EventSourcingHandler
    void on(FundProposedEvent event, @SequenceNumber long sequence) {
        fundId = event.fundId();
        openRound(event.round(), event.targetEur(), event.periodStart(), event.periodEnd(),
                event.decisionDeadline());
        advance(event.effectiveAt(), sequence, true);
    }

    @EventSourcingHandler
    void on(FundAmendedEvent event, @SequenceNumber long sequence) {
        if (event.supersededRound() != null) {
            rounds.compute(event.supersededRound(), (n, r) -> r.concluded(RoundOutcome.SUPERSEDED));
        }
        openRound(event.round(), event.targetEur(), event.periodStart(), event.periodEnd(),
                event.decisionDeadline());
        advance(event.effectiveAt(), sequence, true);
    }

    @EventSourcingHandler
    void on(ObjectionRaisedEvent event, @SequenceNumber long sequence) {
        rounds.compute(event.round(), (n, r) -> r.withObjector(event.member()));
        advance(event.effectiveAt(), sequence, false);
    }

    @EventSourcingHandler
    void on(ObjectionWithdrawnEvent event, @SequenceNumber long sequence) {
        rounds.compute(event.round(), (n, r) -> r.withoutObjector(event.member()));
        advance(event.effectiveAt(), sequence, false);
    }

    @EventSourcingHandler
    void on(MemberOptedOutEvent event, @SequenceNumber long sequence) {
        optOuts.put(event.member(), event.effectiveAt());
        advance(event.effectiveAt(), sequence, false);
    }

    @EventSourcingHandler
    void on(DecisionRoundConcludedEvent event, @SequenceNumber long sequence) {
        rounds.compute(event.round(), (n, r) -> r.concluded(event.outcome()));
        openRound = null;
        if (event.outcome() == RoundOutcome.ADOPTED) {
            adoptedRound = event.round();
        }
        advance(event.effectiveAt(), sequence, true);
    }

    private void openRound(int number, BigDecimal targetEur, LocalDate periodStart, LocalDate periodEnd,
                           Instant deadline) {
        rounds.put(number, Round.open(number, targetEur, periodStart, periodEnd, deadline));
        openRound = number;
        newestRound = number;
    }

    private void advance(Instant effectiveAt, long sequence, boolean statusMayChange) {
        lastEffectiveAt = effectiveAt;
        lastSequence = sequence;
        if (statusMayChange) {
            FundStatus status = adoptedRound != null ? FundStatus.ADOPTED
                    : openRound != null ? FundStatus.PROPOSED : FundStatus.BLOCKED;
            Round terms = rounds.get(adoptedRound != null ? adoptedRound : newestRound);
            transitions.add(new Transition(effectiveAt, status, terms.periodStart(), terms.periodEnd()));
        }
    }

    private record Transition(Instant effectiveAt, FundStatus status, LocalDate periodStart, LocalDate periodEnd) {
    }

    /**
     * One decision round, a value: a change makes a new one. Axon's fixture compares the aggregate it worked on with
     * one sourced again from the same events, field by field, which needs value equality here.
     */
    private record Round(int number, BigDecimal targetEur, LocalDate periodStart, LocalDate periodEnd,
                         Instant deadline, SortedSet<String> objecting, RoundOutcome outcome) {

        Round {
            objecting = Collections.unmodifiableSortedSet(new TreeSet<>(objecting));
        }

        static Round open(int number, BigDecimal targetEur, LocalDate periodStart, LocalDate periodEnd,
                          Instant deadline) {
            return new Round(number, targetEur, periodStart, periodEnd, deadline, new TreeSet<>(), RoundOutcome.OPEN);
        }

        Round withObjector(String member) {
            SortedSet<String> more = new TreeSet<>(objecting);
            more.add(member);
            return new Round(number, targetEur, periodStart, periodEnd, deadline, more, outcome);
        }

        Round withoutObjector(String member) {
            SortedSet<String> fewer = new TreeSet<>(objecting);
            fewer.remove(member);
            return new Round(number, targetEur, periodStart, periodEnd, deadline, fewer, outcome);
        }

        Round concluded(RoundOutcome result) {
            return new Round(number, targetEur, periodStart, periodEnd, deadline, objecting, result);
        }
    }
}
