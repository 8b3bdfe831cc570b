package org.commitmentledger.member.api;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import org.commitmentledger.read.PointInTime;
import org.commitmentledger.read.ProjectionTables;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Members as recorded by asOf, as they were at effectiveAt. */
@Component
public class MemberReads {

    private static final String LATEST = "select v.code, v.name, v.cost_share from %1$s v "
            + "where v.recorded_at <= ? and v.effective_at <= ? and v.agg_seq = (select max(w.agg_seq) "
            + "from %1$s w where w.code = v.code and w.recorded_at <= ? and w.effective_at <= ?) ";

    private final JdbcTemplate jdbc;
    private final ProjectionTables tables;

    MemberReads(JdbcTemplate jdbc, ProjectionTables tables) {
        this.jdbc = jdbc;
        this.tables = tables;
    }

    private String latest() {
        return LATEST.formatted(tables.read(ProjectionTables.MEMBER_VERSION));
    }

    public record MemberView(String code, String name, BigDecimal costShare) {
    }

    public List<MemberView> all(PointInTime at) {
        return jdbc.query(latest() + "order by v.code", (rs, i) -> new MemberView(rs.getString(1), rs.getString(2),
                rs.getBigDecimal(3)), at.asOfMillis(), at.effectiveMillis(), at.asOfMillis(), at.effectiveMillis());
    }

    public Optional<MemberView> one(String code, PointInTime at) {
        return jdbc.query(latest() + "and v.code = ?", (rs, i) -> new MemberView(rs.getString(1), rs.getString(2),
                        rs.getBigDecimal(3)), at.asOfMillis(), at.effectiveMillis(), at.asOfMillis(),
                at.effectiveMillis(), code).stream().findFirst();
    }
}
