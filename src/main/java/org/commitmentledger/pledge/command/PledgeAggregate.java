package org.commitmentledger.pledge.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;
import org.commitmentledger.fund.api.FundDirectory;
import org.commitmentledger.member.api.MemberDirectory;
import org.commitmentledger.pledge.api.PledgeCommands.DisbursePledgeCommand;
import org.commitmentledger.pledge.api.PledgeCommands.MakePledgeCommand;
import org.commitmentledger.pledge.api.PledgeCommands.RevisePledgeCommand;
import org.commitmentledger.pledge.api.PledgeCommands.WithdrawPledgeCommand;
import org.commitmentledger.pledge.api.PledgeDisbursedEvent;
import org.commitmentledger.pledge.api.PledgeMadeEvent;
import org.commitmentledger.pledge.api.PledgeRecorded;
import org.commitmentledger.pledge.api.PledgeRevisedEvent;
import org.commitmentledger.pledge.api.PledgeWithdrawnEvent;
import org.commitmentledger.pledge.api.RevisionKind;
import org.commitmentledger.kernel.Instants;
import org.commitmentledger.problem.LedgerRuleViolation;
import org.commitmentledger.kernel.Money;

/**
 * One member's commitment to one fund. Its figures (the original amount and each revision) each hold from their
 * effectiveAt until the next; a correction replaces one figure over its whole interval (ADR 0006).
 */
// snapshots every ledger.snapshots.threshold events (ADR 0014); a snapshot is this class's fields: change the
// revision whenever they change, and older snapshots are ignored
// type: the name stored in every event's type column, fixed here so that renaming the class changes no stored row
@Aggregate(type = "PledgeAggregate", cache = "pledgeCache", snapshotTriggerDefinition = "aggregateSnapshots")
@Revision("1")
class PledgeAggregate {

    @AggregateIdentifier
    private String pledgeId;
    private String fundId;
    private String member;
    private long lastSequence;
    private Instant lastEffectiveAt;
    private boolean withdrawn;
    private final List<Figure> figures = new ArrayList<>();
    private final List<Disbursement> disbursements = new ArrayList<>();

    PledgeAggregate() {
        // for Axon
    }

    @CommandHandler
    PledgeAggregate(MakePledgeCommand command, FundDirectory funds, MemberDirectory members) {
        if (!members.isRegisteredAt(command.member(), command.effectiveAt())) {
            throw new LedgerRuleViolation("member " + command.member() + " is not registered at "
                    + Instants.render(command.effectiveAt()));
        }
        funds.refusalOfPledge(command.fundId(), command.member(), command.year(), command.effectiveAt())
                .ifPresent(reason -> {
                    throw new LedgerRuleViolation(reason);
                });
        apply(new PledgeMadeEvent(command.pledgeId(), command.fundId(), command.member(), command.year(),
                command.amount(), command.currency(), command.eurRate(),
                Money.toEur(command.amount(), command.eurRate()), command.note(), command.kind(), command.description(),
                command.effectiveAt()));
    }

    @CommandHandler
    PledgeRecorded handle(RevisePledgeCommand command) {
        requireActive();
        Figure corrected = null;
        if (command.kind() == RevisionKind.REVISION) {
            followsTimeline(command.effectiveAt());
        } else {
            corrected = figureAt(command.effectiveAt());
            if (corrected == null) {
                throw new LedgerRuleViolation("no figure of pledge " + pledgeId + " was in force at "
                        + Instants.render(command.effectiveAt()) + " to correct");
            }
        }
        // without a currency the amount is in that of the figure it revises (the latest) or corrects
        Figure base = corrected != null ? corrected : figures.get(figures.size() - 1);
        String currency = command.currency() != null ? command.currency() : base.currency;
        BigDecimal rate = command.currency() != null ? command.eurRate() : base.eurRate;
        BigDecimal eur = Money.toEur(command.amount(), rate);
        Instant correctsFrom = null;
        if (corrected == null) {
            requireCovers(eur, disbursedBefore(null));
        } else {
            Figure next = figureAfter(corrected);
            requireCovers(eur, disbursedBefore(next == null ? null : next.validFrom));
            correctsFrom = corrected.validFrom;
        }
        apply(new PledgeRevisedEvent(pledgeId, fundId, member, command.kind(), command.amount(), currency, rate, eur,
                command.reason(), correctsFrom, command.effectiveAt()));
        return new PledgeRecorded(pledgeId, lastSequence);
    }

    @CommandHandler
    PledgeRecorded handle(WithdrawPledgeCommand command) {
        requireActive();
        followsTimeline(command.effectiveAt());
        BigDecimal disbursed = disbursedBefore(null);
        if (disbursed.signum() > 0) {
            throw new LedgerRuleViolation("pledge " + pledgeId + " cannot be withdrawn: " + Money.render(disbursed)
                    + " EUR was already disbursed");
        }
        apply(new PledgeWithdrawnEvent(pledgeId, fundId, member, command.reason(), command.effectiveAt()));
        return new PledgeRecorded(pledgeId, lastSequence);
    }

    @CommandHandler
    PledgeRecorded handle(DisbursePledgeCommand command) {
        requireActive();
        followsTimeline(command.effectiveAt());
        BigDecimal eur = Money.toEur(command.amount(), command.eurRate());
        BigDecimal after = disbursedBefore(null).add(eur);
        BigDecimal pledged = figures.get(figures.size() - 1).eurAmount;
        if (after.compareTo(pledged) > 0) {
            throw new LedgerRuleViolation("disbursing " + Money.render(eur) + " EUR would bring the disbursed total to "
                    + Money.render(after) + " EUR, above the pledged " + Money.render(pledged) + " EUR");
        }
        apply(new PledgeDisbursedEvent(pledgeId, fundId, member, command.amount(), command.currency(),
                command.eurRate(), eur, command.reference(), command.effectiveAt()));
        return new PledgeRecorded(pledgeId, lastSequence);
    }

    private void requireActive() {
        if (withdrawn) {
            throw new LedgerRuleViolation("pledge " + pledgeId + " was withdrawn");
        }
    }

    private void followsTimeline(Instant effectiveAt) {
        if (effectiveAt.isBefore(lastEffectiveAt)) {
            throw new LedgerRuleViolation("effectiveAt " + Instants.render(effectiveAt)
                    + " goes backwards on pledge " + pledgeId + "'s timeline (latest is "
                    + Instants.render(lastEffectiveAt) + ")");
        }
    }

    private void requireCovers(BigDecimal eur, BigDecimal disbursed) {
        if (eur.compareTo(disbursed) < 0) {
            throw new LedgerRuleViolation("the new EUR value " + Money.render(eur) + " is below the "
                    + Money.render(disbursed) + " EUR already disbursed");
        }
    }

    /** The figure in force at that valid time: the newest one that took effect by then. */
    private Figure figureAt(Instant effectiveAt) {
        Figure found = null;
        for (Figure f : figures) {
            if (!f.validFrom.isAfter(effectiveAt)) {
                found = f;
            }
        }
        return found;
    }

    private Figure figureAfter(Figure figure) {
        for (Figure f : figures) {
            if (f.validFrom.isAfter(figure.validFrom)) {
                return f;
            }
        }
        return null;
    }

    /** Disbursed EUR effective before {@code until} (all of it when null). */
    private BigDecimal disbursedBefore(Instant until) {
        BigDecimal total = BigDecimal.ZERO;
        for (Disbursement d : disbursements) {
            if (until == null || d.effectiveAt.isBefore(until)) {
                total = total.add(d.eurAmount);
            }
        }
        return total;
    }

    @EventSourcingHandler
    void on(PledgeMadeEvent event, @SequenceNumber long sequence) {
        pledgeId = event.pledgeId();
        fundId = event.fundId();
        member = event.member();
        figures.add(new Figure(event.effectiveAt(), event.currency(), event.eurRate(), event.eurAmount()));
        lastEffectiveAt = event.effectiveAt();
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(PledgeRevisedEvent event, @SequenceNumber long sequence) {
        Figure figure = new Figure(event.effectiveAt(), event.currency(), event.eurRate(), event.eurAmount());
        if (event.kind() == RevisionKind.REVISION) {
            // revisions never go back in valid time, so a revision from the same instant as the latest figure
            // supersedes it for good (the later recorded wins a tie): it is replaced, not kept beside it. The
            // aggregate (and its snapshot) then holds one figure per valid-from instant, not one per revision.
            Figure latest = figures.isEmpty() ? null : figures.get(figures.size() - 1);
            if (latest != null && latest.validFrom.equals(figure.validFrom)) {
                figures.set(figures.size() - 1, figure);
            } else {
                figures.add(figure);
            }
            lastEffectiveAt = event.effectiveAt();
        } else {
            for (int i = figures.size() - 1; i >= 0; i--) {
                if (figures.get(i).validFrom.equals(event.correctsFigureFrom())) {
                    figures.set(i, new Figure(event.correctsFigureFrom(), event.currency(), event.eurRate(),
                            event.eurAmount()));
                    break;
                }
            }
        }
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(PledgeWithdrawnEvent event, @SequenceNumber long sequence) {
        withdrawn = true;
        lastEffectiveAt = event.effectiveAt();
        lastSequence = sequence;
    }

    @EventSourcingHandler
    void on(PledgeDisbursedEvent event, @SequenceNumber long sequence) {
        disbursements.add(new Disbursement(event.effectiveAt(), event.eurAmount()));
        lastEffectiveAt = event.effectiveAt();
        lastSequence = sequence;
    }

    private record Figure(Instant validFrom, String currency, BigDecimal eurRate, BigDecimal eurAmount) {
    }

    private record Disbursement(Instant effectiveAt, BigDecimal eurAmount) {
    }
}
