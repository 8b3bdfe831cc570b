package org.commitmentledger.member.query;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import org.commitmentledger.support.PointInTime;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Members as recorded by asOf, as they were at effectiveAt. */
@Component
public class MemberReads {

    private static final String LATEST = "select v.code, v.name, v.cost_share from member_version v "
            + "where v.recorded_at <= ? and v.effective_at <= ? and v.agg_seq = (select max(w.agg_seq) "
            + "from member_version w where w.code = v.code and w.recorded_at <= ? and w.effective_at <= ?) ";

    private final JdbcTemplate jdbc;

    MemberReads(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record MemberView(String code, String name, BigDecimal costShare) {
    }

    public List<MemberView> all(PointInTime at) {
        return jdbc.query(LATEST + "order by v.code", (rs, i) -> new MemberView(rs.getString(1), rs.getString(2),
                rs.getBigDecimal(3)), at.asOfMillis(), at.effectiveMillis(), at.asOfMillis(), at.effectiveMillis());
    }

    public Optional<MemberView> one(String code, PointInTime at) {
        return jdbc.query(LATEST + "and v.code = ?", (rs, i) -> new MemberView(rs.getString(1), rs.getString(2),
                        rs.getBigDecimal(3)), at.asOfMillis(), at.effectiveMillis(), at.asOfMillis(),
                at.effectiveMillis(), code).stream().findFirst();
    }
}
