package org.commitmentledger.projection;

import static org.commitmentledger.read.ProjectionTables.FUND_VERSION;
import static org.commitmentledger.read.ProjectionTables.MEMBER_VERSION;
import static org.commitmentledger.read.ProjectionTables.PLEDGE_FIGURE;
import static org.commitmentledger.read.ProjectionTables.PLEDGE_VERSION;
import static org.commitmentledger.read.ProjectionTables.name;

import java.util.List;

import org.commitmentledger.fund.api.FundFold;
import org.commitmentledger.fund.api.FundState;
import org.commitmentledger.member.api.MemberFold;
import org.commitmentledger.pledge.api.PledgeFold;
import org.commitmentledger.pledge.api.PledgeFold.Version;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The fold's rows as SQL on one generation's tables: each event reads the state it changes and writes its rows at
 * once, in the caller's transaction. The write path uses it on the live generation; a rebuild uses it to catch up
 * its new generation with the events appended while it loaded (ADR 0020).
 */
final class SqlRows implements ProjectionFold.Rows {

    private final JdbcTemplate jdbc;
    private final String members;
    private final String funds;
    private final String pledges;
    private final String figures;

    SqlRows(JdbcTemplate jdbc, int generation) {
        this.jdbc = jdbc;
        this.members = name(MEMBER_VERSION, generation);
        this.funds = name(FUND_VERSION, generation);
        this.pledges = name(PLEDGE_VERSION, generation);
        this.figures = name(PLEDGE_FIGURE, generation);
    }

    @Override
    public MemberFold.Rows members() {
        return row -> jdbc.update("insert into " + members + " (" + MemberFold.COLUMNS + ") values (?, ?, ?, ?, ?, ?)",
                row);
    }

    @Override
    public FundFold.Rows funds() {
        return new FundFold.Rows() {
            @Override
            public FundState latest(String fundId) {
                List<String> stored = jdbc.queryForList("select state from " + funds + " where fund_id = ? "
                        + "order by agg_seq desc fetch first 1 rows only", String.class, fundId);
                return stored.isEmpty() ? null : FundFold.parse(stored.get(0));
            }

            @Override
            public void insert(FundState state, String stateJson, long sequence, long recordedAt, long effectiveAt) {
                jdbc.update("insert into " + funds + " (" + FundFold.COLUMNS + ") values (?, ?, ?, ?, ?)",
                        state.fundId, sequence, recordedAt, effectiveAt, stateJson);
            }
        };
    }

    @Override
    public PledgeFold.Rows pledges() {
        return new PledgeFold.Rows() {
            @Override
            public List<Version> open(String pledgeId) {
                return jdbc.query("select pledge_id, fund_id, member, pledge_year, valid_from, valid_to, "
                        + "recorded_from, amount, currency, eur_rate, eur_amount, disbursed_eur, status, kind, "
                        + "description from " + pledges + " where pledge_id = ? and recorded_to = ? order by valid_from",
                        (rs, i) -> new Version(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                                rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getBigDecimal(8), rs.getString(9),
                                rs.getBigDecimal(10), rs.getBigDecimal(11), rs.getBigDecimal(12), rs.getString(13),
                                rs.getString(14), rs.getString(15)),
                        pledgeId, PledgeFold.FOREVER);
            }

            @Override
            public Long nextFigure(String pledgeId, long validFrom) {
                return jdbc.queryForObject("select min(valid_from) from " + figures + " where pledge_id = ? "
                        + "and valid_from > ?", Long.class, pledgeId, validFrom);
            }

            @Override
            public void close(Version row, long recordedTo) {
                int closed = jdbc.update("update " + pledges + " set recorded_to = ? where pledge_id = ? "
                        + "and valid_from = ? and recorded_to = ?", recordedTo, row.pledgeId(), row.validFrom(),
                        PledgeFold.FOREVER);
                if (closed != 1) {
                    throw new IllegalStateException("pledge " + row.pledgeId() + " had " + closed
                            + " open rows from " + row.validFrom());
                }
            }

            @Override
            public void insert(Version row) {
                jdbc.update("insert into " + pledges + " (" + Version.COLUMNS + ") values "
                        + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row.row(PledgeFold.FOREVER));
            }

            @Override
            public void openRows(String pledgeId, List<Version> open) {
                // the table is the state: every change was written by close and insert
            }

            @Override
            public void figure(String pledgeId, long validFrom, long sequence) {
                jdbc.update("insert into " + figures + " (pledge_id, valid_from, agg_seq) values (?, ?, ?)", pledgeId,
                        validFrom, sequence);
            }
        };
    }
}
