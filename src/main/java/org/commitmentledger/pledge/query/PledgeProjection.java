package org.commitmentledger.pledge.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
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
import org.commitmentledger.support.Projections;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code pledge_version}: every event changes one attribute over a valid-time interval, from its recording time
 * on. The current rows overlapping that interval are closed in record time and replaced by their pieces (ADR 0005).
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
        insert(new Version(event.pledgeId(), event.fundId(), event.member(), event.year(), from, FOREVER,
                recordedAt.toEpochMilli(), event.amount(), event.currency(), event.eurRate(), event.eurAmount(),
                BigDecimal.ZERO.setScale(2), "ACTIVE"));
        jdbc.update("insert into pledge_figure (pledge_id, valid_from, agg_seq) values (?, ?, ?)", event.pledgeId(),
                from, sequence);
    }

    @EventHandler
    void on(PledgeRevisedEvent event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        UnaryOperator<Version> figure = v -> v.withFigure(event.amount(), event.currency(), event.eurRate(),
                event.eurAmount());
        if (event.kind() == RevisionKind.REVISION) {
            long from = event.effectiveAt().toEpochMilli();
            change(event.pledgeId(), from, FOREVER, recordedAt.toEpochMilli(), figure);
            jdbc.update("insert into pledge_figure (pledge_id, valid_from, agg_seq) values (?, ?, ?)",
                    event.pledgeId(), from, sequence);
        } else {
            long from = event.correctsFigureFrom().toEpochMilli();
            List<Long> next = jdbc.queryForList("select min(valid_from) from pledge_figure where pledge_id = ? "
                    + "and valid_from > ?", Long.class, event.pledgeId(), from);
            long to = next.isEmpty() || next.get(0) == null ? FOREVER : next.get(0);
            change(event.pledgeId(), from, to, recordedAt.toEpochMilli(), figure);
        }
    }

    @EventHandler
    void on(PledgeWithdrawnEvent event, @Timestamp Instant recordedAt) {
        change(event.pledgeId(), event.effectiveAt().toEpochMilli(), FOREVER, recordedAt.toEpochMilli(),
                v -> v.withStatus("WITHDRAWN"));
    }

    @EventHandler
    void on(PledgeDisbursedEvent event, @Timestamp Instant recordedAt) {
        change(event.pledgeId(), event.effectiveAt().toEpochMilli(), FOREVER, recordedAt.toEpochMilli(),
                v -> v.withDisbursed(v.disbursedEur().add(event.eurAmount())));
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from pledge_version");
        jdbc.update("delete from pledge_figure");
    }

    /** Applies {@code change} over valid time [from, to) from record time {@code recorded} on. */
    private void change(String pledgeId, long from, long to, long recorded, UnaryOperator<Version> change) {
        List<Stored> current = jdbc.query("select id, pledge_id, fund_id, member, pledge_year, valid_from, valid_to, "
                + "amount, currency, eur_rate, eur_amount, disbursed_eur, status from pledge_version "
                + "where pledge_id = ? and recorded_to = ? and valid_from < ? and valid_to > ? order by valid_from",
                (rs, i) -> new Stored(rs.getLong(1), new Version(rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getLong(6), rs.getLong(7), recorded, rs.getBigDecimal(8), rs.getString(9),
                        rs.getBigDecimal(10), rs.getBigDecimal(11), rs.getBigDecimal(12), rs.getString(13))),
                pledgeId, FOREVER, to, from);
        for (Stored row : current) {
            Version v = row.version;
            jdbc.update("update pledge_version set recorded_to = ? where id = ?", recorded, row.id);
            if (v.validFrom() < from) {
                insert(v.during(v.validFrom(), from));
            }
            insert(change.apply(v.during(Math.max(v.validFrom(), from), Math.min(v.validTo(), to))));
            if (v.validTo() > to) {
                insert(v.during(to, v.validTo()));
            }
        }
    }

    private void insert(Version v) {
        jdbc.update("insert into pledge_version (pledge_id, fund_id, member, pledge_year, valid_from, valid_to, "
                + "recorded_from, recorded_to, amount, currency, eur_rate, eur_amount, disbursed_eur, status) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", v.pledgeId(), v.fundId(), v.member(), v.year(),
                v.validFrom(), v.validTo(), v.recordedFrom(), FOREVER, v.amount(), v.currency(), v.eurRate(),
                v.eurAmount(), v.disbursedEur(), v.status());
    }

    private record Stored(long id, Version version) {
    }

    /** The attributes of one version row; {@code recordedFrom} is the record time of the change that wrote it. */
    record Version(String pledgeId, String fundId, String member, int year, long validFrom, long validTo,
                   long recordedFrom, BigDecimal amount, String currency, BigDecimal eurRate, BigDecimal eurAmount,
                   BigDecimal disbursedEur, String status) {

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
