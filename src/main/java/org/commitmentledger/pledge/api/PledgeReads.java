package org.commitmentledger.pledge.api;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.commitmentledger.kernel.Money;
import org.commitmentledger.read.PointInTime;
import org.commitmentledger.read.ProjectionTables;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Pledges and their sums at (asOf, effectiveAt): one indexed range condition on pledge_version, no replay. */
@Component
public class PledgeReads {

    /** The rows recorded by asOf (two parameters: asOf, asOf). */
    private static final String RECORDED = " recorded_from <= ? and recorded_to > ? ";
    static final String AT = RECORDED + "and valid_from <= ? and valid_to > ? ";
    private static final String COLUMNS = "select pledge_id, fund_id, member, pledge_year, amount, currency, eur_rate, "
            + "eur_amount, disbursed_eur, status, kind, description from ";

    private final JdbcTemplate jdbc;
    private final ProjectionTables tables;

    PledgeReads(JdbcTemplate jdbc, ProjectionTables tables) {
        this.jdbc = jdbc;
        this.tables = tables;
    }

    private String versions() {
        return tables.read(ProjectionTables.PLEDGE_VERSION) + " ";
    }

    /** {@code kind} is {@code MONEY} or {@code IN_KIND}; {@code description} says what an in-kind pledge delivers. */
    public record PledgeView(String pledgeId, String fundId, String member, int year, BigDecimal amount,
                             String currency, BigDecimal eurRate, BigDecimal eurAmount, BigDecimal disbursedEur,
                             String status, String kind, String description) {

        /** The contract's fields of a pledge. */
        public PledgeFields toJson() {
            return new PledgeFields(pledgeId, fundId, member, year, Money.render(amount), currency,
                    Money.plain(eurRate), Money.render(eurAmount), Money.render(disbursedEur), status, kind,
                    description);
        }
    }

    /** Pledged EUR (pledges not withdrawn) and disbursed EUR. */
    public record Totals(BigDecimal pledgedEur, BigDecimal disbursedEur) {
        public static final Totals NONE = new Totals(BigDecimal.ZERO, BigDecimal.ZERO);
    }

    public Optional<PledgeView> one(String pledgeId, PointInTime at) {
        return jdbc.query(COLUMNS + versions() + "where pledge_id = ? and" + AT, PledgeReads::view, pledgeId, at.asOfMillis(),
                at.asOfMillis(), at.effectiveMillis(), at.effectiveMillis()).stream().findFirst();
    }

    /** Every pledge of the fund in force at that point, withdrawn ones included, by member then valid time. */
    public List<PledgeView> ofFund(String fundId, PointInTime at) {
        return jdbc.query(COLUMNS + versions() + "where fund_id = ? and" + AT + "order by member, valid_from, pledge_id",
                PledgeReads::view, fundId, at.asOfMillis(), at.asOfMillis(), at.effectiveMillis(), at.effectiveMillis());
    }

    /**
     * The kind of a pledge (MONEY or IN_KIND) as its row holds it: the one place every read takes it from. Rows
     * written before pledges had a kind are MONEY.
     */
    public static String kind(PledgeView pledge) {
        return pledge.kind();
    }

    public List<PledgeView> ofFundAndMember(String fundId, String member, PointInTime at) {
        return jdbc.query(COLUMNS + versions() + "where fund_id = ? and member = ? and" + AT + "order by valid_from, pledge_id",
                PledgeReads::view, fundId, member, at.asOfMillis(), at.asOfMillis(), at.effectiveMillis(),
                at.effectiveMillis());
    }

    public Totals totals(String fundId, PointInTime at) {
        return jdbc.query("select " + SUMS + " from " + versions() + "where fund_id = ? and" + AT,
                (rs, i) -> totals(rs, 1), fundId, at.asOfMillis(), at.asOfMillis(), at.effectiveMillis(),
                at.effectiveMillis()).stream().findFirst().orElse(Totals.NONE);
    }

    /**
     * The fund's totals as recorded at {@code asOf}, for any valid time, from one read of the fund's rows then known:
     * what {@link #totals(String, PointInTime)} answers at each (asOf, effectiveAt), for a read that needs many valid
     * times at one asOf.
     */
    public TotalsOverValidTime totalsOverValidTime(String fundId, Instant asOf) {
        List<TotalsOverValidTime.Row> rows = jdbc.query("select valid_from, valid_to, " + ACTIVE_EUR
                + ", disbursed_eur from " + versions() + "where fund_id = ? and" + RECORDED,
                (rs, i) -> new TotalsOverValidTime.Row(rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3),
                        rs.getBigDecimal(4)), fundId, asOf.toEpochMilli(), asOf.toEpochMilli());
        return new TotalsOverValidTime(rows);
    }

    public Map<String, Totals> totalsByMember(String fundId, PointInTime at) {
        Map<String, Totals> result = new HashMap<>();
        jdbc.query("select member, " + SUMS + " from " + versions() + "where fund_id = ? and" + AT + "group by member",
                rs -> {
                    result.put(rs.getString(1), totals(rs, 2));
                }, fundId, at.asOfMillis(), at.asOfMillis(), at.effectiveMillis(), at.effectiveMillis());
        return result;
    }

    public Map<String, Totals> totalsByFund(PointInTime at) {
        Map<String, Totals> result = new HashMap<>();
        jdbc.query("select fund_id, " + SUMS + " from " + versions() + "where" + AT + "group by fund_id", rs -> {
            result.put(rs.getString(1), totals(rs, 2));
        }, at.asOfMillis(), at.asOfMillis(), at.effectiveMillis(), at.effectiveMillis());
        return result;
    }

    /** The kinds of pledge, in the order reads list them. */
    public static final List<String> KINDS = List.of("MONEY", "IN_KIND");

    /** Pledged EUR (pledges not withdrawn) by kind, every kind present (zero when none). */
    public Map<String, BigDecimal> pledgedByKind(String fundId, PointInTime at) {
        Map<String, BigDecimal> result = byKind();
        jdbc.query("select kind, " + PLEDGED + " from " + versions() + "where fund_id = ? and" + AT + "group by kind",
                rs -> {
                    result.put(rs.getString(1), rs.getBigDecimal(2));
                }, fundId, at.asOfMillis(), at.asOfMillis(), at.effectiveMillis(), at.effectiveMillis());
        return result;
    }

    /** Pledged EUR by member and kind; a member without pledges is absent. */
    public Map<String, Map<String, BigDecimal>> pledgedByMemberAndKind(String fundId, PointInTime at) {
        Map<String, Map<String, BigDecimal>> result = new HashMap<>();
        jdbc.query("select member, kind, " + PLEDGED + " from " + versions() + "where fund_id = ? and" + AT
                + "group by member, kind", rs -> {
                    result.computeIfAbsent(rs.getString(1), m -> byKind()).put(rs.getString(2), rs.getBigDecimal(3));
                }, fundId, at.asOfMillis(), at.asOfMillis(), at.effectiveMillis(), at.effectiveMillis());
        return result;
    }

    /** Every kind at zero, in the order of {@link #KINDS}. */
    public static Map<String, BigDecimal> byKind() {
        Map<String, BigDecimal> zero = new java.util.LinkedHashMap<>();
        KINDS.forEach(kind -> zero.put(kind, BigDecimal.ZERO));
        return zero;
    }

    /** A row's pledged EUR: its amount unless the pledge is withdrawn. */
    private static final String ACTIVE_EUR = "case when status = 'ACTIVE' then eur_amount else 0 end";

    private static final String PLEDGED = "coalesce(sum(" + ACTIVE_EUR + "), 0)";

    private static final String SUMS = PLEDGED + ", coalesce(sum(disbursed_eur), 0)";

    private static Totals totals(ResultSet rs, int column) throws SQLException {
        return new Totals(rs.getBigDecimal(column), rs.getBigDecimal(column + 1));
    }

    private static PledgeView view(ResultSet rs, int row) throws SQLException {
        return new PledgeView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getBigDecimal(5),
                rs.getString(6), rs.getBigDecimal(7), rs.getBigDecimal(8), rs.getBigDecimal(9), rs.getString(10),
                rs.getString(11), rs.getString(12));
    }
}
