package org.commitmentledger.read;

import org.commitmentledger.problem.ServiceUnavailableException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Where the projections live. Each rebuild writes a new generation of the projection tables ({@code member_version_g3},
 * …) beside the live one and then switches {@code projection_state.live_generation} (ADR 0020). A request reads the
 * generation that was live at its first projection read for all of its reads, so no answer mixes two generations.
 */
@Component
public class ProjectionTables {

    public static final String MEMBER_VERSION = "member_version";
    public static final String FUND_VERSION = "fund_version";
    public static final String PLEDGE_VERSION = "pledge_version";
    public static final String PLEDGE_FIGURE = "pledge_figure";

    private static final String PINNED = ProjectionTables.class.getName() + ".generation";

    private final JdbcTemplate jdbc;

    public ProjectionTables(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The table {@code base} of {@code generation}. */
    public static String name(String base, int generation) {
        return base + "_g" + generation;
    }

    /** The generation that serves reads and takes writes now; 0 before the first one was built. */
    public int liveGeneration() {
        Integer live = jdbc.queryForObject("select live_generation from projection_state where id = 1",
                Integer.class);
        return live == null ? 0 : live;
    }

    /** The table {@code base} of the generation this read uses. */
    public String read(String base) {
        return name(base, readGeneration());
    }

    private int readGeneration() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request == null) {
            return requireBuilt(liveGeneration());
        }
        Object pinned = request.getAttribute(PINNED, RequestAttributes.SCOPE_REQUEST);
        if (pinned instanceof Integer generation) {
            return generation;
        }
        int generation = requireBuilt(liveGeneration());
        request.setAttribute(PINNED, generation, RequestAttributes.SCOPE_REQUEST);
        return generation;
    }

    private static int requireBuilt(int generation) {
        if (generation == 0) {
            throw new ServiceUnavailableException("the projections have not been built yet", 5);
        }
        return generation;
    }
}
