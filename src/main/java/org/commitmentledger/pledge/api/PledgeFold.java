package org.commitmentledger.pledge.api;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;


/**
 * What each pledge event does to {@code pledge_version} and {@code pledge_figure} (ADR 0005): it changes one
 * attribute over a valid-time interval from its recording time on. The pledge's open rows (recorded_to = ∞) that
 * overlap the interval are closed at the event's record time and replaced by their pieces. The fold is pure: where
 * the open rows come from and where closed and new rows go is the driver's business (ADR 0020) — SQL for a write,
 * memory and bulk inserts for a rebuild.
 */
public final class PledgeFold {

    public static final long FOREVER = Long.MAX_VALUE;
    private static final BigDecimal NOTHING = BigDecimal.ZERO.setScale(2);

    private PledgeFold() {
    }

    /** What a driver gives the fold and takes from it. */
    public interface Rows {

        /** The pledge's open rows in valid-time order; the fold does not modify the list. */
        List<Version> open(String pledgeId);

        /** Where the pledge's first figure after {@code validFrom} took effect (pledge_figure.valid_from); null if none. */
        Long nextFigure(String pledgeId, long validFrom);

        /** Open row {@code row} is closed in record time at {@code recordedTo}. */
        void close(Version row, long recordedTo);

        /** {@code row} is a new open row. */
        void insert(Version row);

        /** The pledge's open rows are now {@code open} (every change was also reported by close and insert). */
        void openRows(String pledgeId, List<Version> open);

        /** A figure of the pledge took effect at {@code validFrom}, set by its event {@code aggregateSequence}. */
        void figure(String pledgeId, long validFrom, long aggregateSequence);
    }

    /** Applies a pledge event; false if {@code event} is no pledge event. */
    public static boolean apply(Object event, long aggregateSequence, long recordedAt, Rows rows) {
        if (event instanceof PledgeMadeEvent made) {
            long from = made.effectiveAt().toEpochMilli();
            Version first = new Version(made.pledgeId(), made.fundId(), made.member(), made.year(), from, FOREVER,
                    recordedAt, made.amount(), made.currency(), made.eurRate(), made.eurAmount(), NOTHING, "ACTIVE",
                    made.kind().name(), made.description());
            rows.insert(first);
            rows.openRows(made.pledgeId(), List.of(first));
            rows.figure(made.pledgeId(), from, aggregateSequence);
        } else if (event instanceof PledgeRevisedEvent revised) {
            UnaryOperator<Version> figure = v -> v.withFigure(revised.amount(), revised.currency(), revised.eurRate(),
                    revised.eurAmount());
            if (revised.kind() == RevisionKind.REVISION) {
                long from = revised.effectiveAt().toEpochMilli();
                change(rows, revised.pledgeId(), from, FOREVER, recordedAt, figure);
                rows.figure(revised.pledgeId(), from, aggregateSequence);
            } else {
                long from = revised.correctsFigureFrom().toEpochMilli();
                Long next = rows.nextFigure(revised.pledgeId(), from);
                change(rows, revised.pledgeId(), from, next == null ? FOREVER : next, recordedAt, figure);
            }
        } else if (event instanceof PledgeWithdrawnEvent withdrawn) {
            change(rows, withdrawn.pledgeId(), withdrawn.effectiveAt().toEpochMilli(), FOREVER, recordedAt,
                    v -> v.withStatus("WITHDRAWN"));
        } else if (event instanceof PledgeDisbursedEvent disbursed) {
            change(rows, disbursed.pledgeId(), disbursed.effectiveAt().toEpochMilli(), FOREVER, recordedAt,
                    v -> v.withDisbursed(v.disbursedEur().add(disbursed.eurAmount())));
        } else {
            return false;
        }
        return true;
    }

    /** Applies {@code change} over valid time [from, to) from record time {@code recorded} on. */
    private static void change(Rows rows, String pledgeId, long from, long to, long recorded,
                               UnaryOperator<Version> change) {
        List<Version> open = rows.open(pledgeId);
        List<Version> next = new ArrayList<>(open.size() + 2);
        for (Version row : open) {
            if (row.validFrom() >= to || row.validTo() <= from) {
                next.add(row);
                continue;
            }
            rows.close(row, recorded);
            Version v = row.recordedFrom(recorded);
            if (v.validFrom() < from) {
                next.add(inserted(rows, v.during(v.validFrom(), from)));
            }
            next.add(inserted(rows, change.apply(v.during(Math.max(v.validFrom(), from), Math.min(v.validTo(), to)))));
            if (v.validTo() > to) {
                next.add(inserted(rows, v.during(to, v.validTo())));
            }
        }
        rows.openRows(pledgeId, next);
    }

    private static Version inserted(Rows rows, Version v) {
        rows.insert(v);
        return v;
    }

    /**
     * One row of {@code pledge_version} without its record-time end; {@code recordedFrom} is when it was written.
     * {@code kind} ({@code MONEY} or {@code IN_KIND}) and {@code description} (what an in-kind pledge delivers; null
     * for money) are the pledge's own and never change (ADR 0037).
     */
    public record Version(String pledgeId, String fundId, String member, int year, long validFrom, long validTo,
                          long recordedFrom, BigDecimal amount, String currency, BigDecimal eurRate,
                          BigDecimal eurAmount, BigDecimal disbursedEur, String status, String kind,
                          String description) {

        /** The columns of {@code pledge_version}, in table order, with {@code recordedTo}. */
        public static final String COLUMNS = "pledge_id, fund_id, member, pledge_year, valid_from, valid_to, "
                + "recorded_from, recorded_to, amount, currency, eur_rate, eur_amount, disbursed_eur, status, kind, "
                + "description";

        public Object[] row(long recordedTo) {
            return new Object[] {pledgeId, fundId, member, year, validFrom, validTo, recordedFrom, recordedTo, amount,
                currency, eurRate, eurAmount, disbursedEur, status, kind, description};
        }

        Version recordedFrom(long recorded) {
            return new Version(pledgeId, fundId, member, year, validFrom, validTo, recorded, amount, currency, eurRate,
                    eurAmount, disbursedEur, status, kind, description);
        }

        Version during(long from, long to) {
            return new Version(pledgeId, fundId, member, year, from, to, recordedFrom, amount, currency, eurRate,
                    eurAmount, disbursedEur, status, kind, description);
        }

        Version withFigure(BigDecimal newAmount, String newCurrency, BigDecimal newRate, BigDecimal newEur) {
            return new Version(pledgeId, fundId, member, year, validFrom, validTo, recordedFrom, newAmount,
                    newCurrency, newRate, newEur, disbursedEur, status, kind, description);
        }

        Version withStatus(String newStatus) {
            return new Version(pledgeId, fundId, member, year, validFrom, validTo, recordedFrom, amount, currency,
                    eurRate, eurAmount, disbursedEur, newStatus, kind, description);
        }

        Version withDisbursed(BigDecimal newDisbursed) {
            return new Version(pledgeId, fundId, member, year, validFrom, validTo, recordedFrom, amount, currency,
                    eurRate, eurAmount, newDisbursed, status, kind, description);
        }
    }
}
