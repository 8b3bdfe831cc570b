package org.commitmentledger.pledge.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.commitmentledger.pledge.api.PledgeDisbursedEvent;
import org.commitmentledger.pledge.api.PledgeMadeEvent;
import org.commitmentledger.pledge.api.PledgeRevisedEvent;
import org.commitmentledger.pledge.api.PledgeWithdrawnEvent;
import org.commitmentledger.pledge.api.RevisionKind;
import org.commitmentledger.support.BatchedWrites;
import org.commitmentledger.support.Projections;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code pledge_version}: every event changes one attribute over a valid-time interval, from its recording time
 * on. The current rows overlapping that interval are closed in record time and replaced by their pieces (ADR 0005).
 * Within a processor batch each pledge's current rows are read once and every row is written at the batch's commit
 * in JDBC batches ({@link BatchedWrites}, ADR 0016).
 */
@Component
@ProcessingGroup(Projections.GROUP)
class PledgeProjection {

    static final long FOREVER = Long.MAX_VALUE;

    private final JdbcTemplate jdbc;

    PledgeProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(PledgeMadeEvent event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        long from = event.effectiveAt().toEpochMilli();
        write(batch -> {
            batch.insertNew(new Version(event.pledgeId(), event.fundId(), event.member(), event.year(), from, FOREVER,
                    recordedAt.toEpochMilli(), event.amount(), event.currency(), event.eurRate(), event.eurAmount(),
                    BigDecimal.ZERO.setScale(2), "ACTIVE"));
            batch.figure(event.pledgeId(), from, sequence);
        });
    }

    @EventHandler
    void on(PledgeRevisedEvent event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        UnaryOperator<Version> figure = v -> v.withFigure(event.amount(), event.currency(), event.eurRate(),
                event.eurAmount());
        write(batch -> {
            if (event.kind() == RevisionKind.REVISION) {
                long from = event.effectiveAt().toEpochMilli();
                batch.change(event.pledgeId(), from, FOREVER, recordedAt.toEpochMilli(), figure);
                batch.figure(event.pledgeId(), from, sequence);
            } else {
                long from = event.correctsFigureFrom().toEpochMilli();
                Long next = batch.figures(event.pledgeId()).higher(from);
                batch.change(event.pledgeId(), from, next == null ? FOREVER : next, recordedAt.toEpochMilli(), figure);
            }
        });
    }

    @EventHandler
    void on(PledgeWithdrawnEvent event, @Timestamp Instant recordedAt) {
        write(batch -> batch.change(event.pledgeId(), event.effectiveAt().toEpochMilli(), FOREVER,
                recordedAt.toEpochMilli(), v -> v.withStatus("WITHDRAWN")));
    }

    @EventHandler
    void on(PledgeDisbursedEvent event, @Timestamp Instant recordedAt) {
        write(batch -> batch.change(event.pledgeId(), event.effectiveAt().toEpochMilli(), FOREVER,
                recordedAt.toEpochMilli(), v -> v.withDisbursed(v.disbursedEur().add(event.eurAmount()))));
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from pledge_version");
        jdbc.update("delete from pledge_figure");
    }

    private void write(Consumer<Batch> work) {
        BatchedWrites.write(Batch.class, () -> new Batch(jdbc), work);
    }

    /** One batch's view of the pledges it touches and the rows it will write. */
    private static final class Batch implements BatchedWrites.Buffer {

        private static final String INSERT = "insert into pledge_version (pledge_id, fund_id, member, pledge_year, "
                + "valid_from, valid_to, recorded_from, recorded_to, amount, currency, eur_rate, eur_amount, "
                + "disbursed_eur, status) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

        private final JdbcTemplate jdbc;
        /** Each touched pledge's current rows (recorded_to open), in valid-time order. */
        private final Map<String, List<Row>> current = new HashMap<>();
        /** Each touched pledge's figure starts (valid_from of pledge_figure). */
        private final Map<String, TreeSet<Long>> figures = new HashMap<>();
        /** Pledges made in this batch: nothing of theirs is stored yet. */
        private final Set<String> made = new HashSet<>();
        private final List<Row> inserts = new ArrayList<>();
        private final List<Object[]> closes = new ArrayList<>();
        private final List<Object[]> figureInserts = new ArrayList<>();

        Batch(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        /** The first row of a pledge: it has no rows yet, so nothing is read. */
        void insertNew(Version v) {
            made.add(v.pledgeId());
            current.computeIfAbsent(v.pledgeId(), id -> new ArrayList<>()).add(insert(v));
        }

        void figure(String pledgeId, long validFrom, long sequence) {
            figures(pledgeId).add(validFrom);
            figureInserts.add(new Object[] {pledgeId, validFrom, sequence});
        }

        TreeSet<Long> figures(String pledgeId) {
            return figures.computeIfAbsent(pledgeId, id -> made.contains(id) ? new TreeSet<>()
                    : new TreeSet<>(jdbc.queryForList("select valid_from from pledge_figure where pledge_id = ?",
                            Long.class, id)));
        }

        /** Applies {@code change} over valid time [from, to) from record time {@code recorded} on. */
        void change(String pledgeId, long from, long to, long recorded, UnaryOperator<Version> change) {
            List<Row> rows = current.computeIfAbsent(pledgeId, this::load);
            List<Row> next = new ArrayList<>(rows.size() + 2);
            for (Row row : rows) {
                if (row.version.validFrom() >= to || row.version.validTo() <= from) {
                    next.add(row);
                    continue;
                }
                close(row, recorded);
                Version v = row.version.recordedFrom(recorded);
                if (v.validFrom() < from) {
                    next.add(insert(v.during(v.validFrom(), from)));
                }
                next.add(insert(change.apply(v.during(Math.max(v.validFrom(), from), Math.min(v.validTo(), to)))));
                if (v.validTo() > to) {
                    next.add(insert(v.during(to, v.validTo())));
                }
            }
            current.put(pledgeId, next);
        }

        @Override
        public void flush() {
            jdbc.batchUpdate("update pledge_version set recorded_to = ? where id = ?", closes);
            jdbc.batchUpdate(INSERT, inserts.stream().map(Row::parameters).toList());
            jdbc.batchUpdate("insert into pledge_figure (pledge_id, valid_from, agg_seq) values (?, ?, ?)",
                    figureInserts);
            closes.clear();
            inserts.clear();
            figureInserts.clear();
            current.clear();
            figures.clear();
            made.clear();
        }

        private List<Row> load(String pledgeId) {
            return new ArrayList<>(jdbc.query("select id, pledge_id, fund_id, member, pledge_year, valid_from, "
                    + "valid_to, recorded_from, amount, currency, eur_rate, eur_amount, disbursed_eur, status "
                    + "from pledge_version where pledge_id = ? and recorded_to = ? order by valid_from",
                    (rs, i) -> new Row(rs.getLong(1), new Version(rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getBigDecimal(9),
                            rs.getString(10), rs.getBigDecimal(11), rs.getBigDecimal(12), rs.getBigDecimal(13),
                            rs.getString(14))), pledgeId, FOREVER));
        }

        private Row insert(Version v) {
            Row row = new Row(null, v);
            inserts.add(row);
            return row;
        }

        private void close(Row row, long recorded) {
            if (row.id == null) {
                row.recordedTo = recorded;
            } else {
                closes.add(new Object[] {recorded, row.id});
            }
        }
    }

    /** A current row: stored ({@code id}) or pending in this batch, with the record time it is closed at. */
    private static final class Row {
        final Long id;
        final Version version;
        long recordedTo = FOREVER;

        Row(Long id, Version version) {
            this.id = id;
            this.version = version;
        }

        Object[] parameters() {
            Version v = version;
            return new Object[] {v.pledgeId(), v.fundId(), v.member(), v.year(), v.validFrom(), v.validTo(),
                v.recordedFrom(), recordedTo, v.amount(), v.currency(), v.eurRate(), v.eurAmount(), v.disbursedEur(),
                v.status()};
        }
    }

    /** The attributes of one version row; {@code recordedFrom} is the record time of the change that wrote it. */
    record Version(String pledgeId, String fundId, String member, int year, long validFrom, long validTo,
                   long recordedFrom, BigDecimal amount, String currency, BigDecimal eurRate, BigDecimal eurAmount,
                   BigDecimal disbursedEur, String status) {

        Version recordedFrom(long recorded) {
            return new Version(pledgeId, fundId, member, year, validFrom, validTo, recorded, amount, currency, eurRate,
                    eurAmount, disbursedEur, status);
        }

        Version during(long from, long to) {
            return new Version(pledgeId, fundId, member, year, from, to, recordedFrom, amount, currency, eurRate,
                    eurAmount, disbursedEur, status);
        }

        Version withFigure(BigDecimal newAmount, String newCurrency, BigDecimal newRate, BigDecimal newEur) {
            return new Version(pledgeId, fundId, member, year, validFrom, validTo, recordedFrom, newAmount,
                    newCurrency, newRate, newEur, disbursedEur, status);
        }

        Version withStatus(String newStatus) {
            return new Version(pledgeId, fundId, member, year, validFrom, validTo, recordedFrom, amount, currency,
                    eurRate, eurAmount, disbursedEur, newStatus);
        }

        Version withDisbursed(BigDecimal newDisbursed) {
            return new Version(pledgeId, fundId, member, year, validFrom, validTo, recordedFrom, amount, currency,
                    eurRate, eurAmount, newDisbursed, status);
        }
    }
}
