package org.commitmentledger.pledge.query;

import java.util.List;
import java.util.Optional;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.commitmentledger.pledge.api.PledgeMadeEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which fund and member each pledge belongs to. Written by a subscribing processor in the same transaction as the
 * pledge's first event, so it is never behind the event store: authorisation of pledge writes and the fund history
 * read it (ADR 0002).
 */
@Component
@ProcessingGroup(PledgeDirectory.GROUP)
public class PledgeDirectory {

    public static final String GROUP = "pledge-directory";

    private final JdbcTemplate jdbc;

    PledgeDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record PledgeRef(String pledgeId, String fundId, String member) {
    }

    @EventHandler
    void on(PledgeMadeEvent event) {
        jdbc.update("insert into pledge_directory (pledge_id, fund_id, member) values (?, ?, ?)",
                event.pledgeId(), event.fundId(), event.member());
    }

    public Optional<PledgeRef> find(String pledgeId) {
        List<PledgeRef> found = jdbc.query("select pledge_id, fund_id, member from pledge_directory where pledge_id = ?",
                (rs, i) -> new PledgeRef(rs.getString(1), rs.getString(2), rs.getString(3)), pledgeId);
        return found.stream().findFirst();
    }
}
