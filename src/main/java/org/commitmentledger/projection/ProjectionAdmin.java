package org.commitmentledger.projection;

import org.commitmentledger.projection.api.GenerationStatus;
import org.commitmentledger.projection.api.ProjectionStatus;
import org.commitmentledger.projection.api.Projections;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.commitmentledger.kernel.Instants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds projection generations and switches reads and writes to them (ADR 0020). A rebuild claims
 * {@code projection_state} (one at a time across every node; a builder whose heartbeat stopped is taken over), loads a
 * new generation in the background while the live one keeps serving every read and taking every write, catches up
 * with the events appended meanwhile, and switches {@code live_generation} in a transaction that holds the chain lock
 * — every node's next write and read use the new generation. The old one is dropped after a grace period, so that
 * reads that pinned it can finish. The first start builds generation 1 before the server takes requests.
 */
@Component
public class ProjectionAdmin implements SmartInitializingSingleton, ProjectionStatus {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionAdmin.class);
    /** Catch-up rounds end, and the switch takes the chain lock, once a round has fewer events than this. */
    private static final int SWITCH_BELOW = 500;

    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final TransactionTemplate transaction;
    private final Rebuild rebuild;
    private final GenerationTables tables;
    private final Clock clock;
    private final Duration heartbeat;
    private final Duration retireAfter;
    private final Duration pauseAfterLoad;
    private final Duration takeoverAfter;
    private final long pledgesPerPass;
    private final String node;
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "projection-background");
        thread.setDaemon(true);
        return thread;
    });

    ProjectionAdmin(JdbcTemplate jdbc, DataSource dataSource, PlatformTransactionManager transactions,
                    Serializer serializer, List<EventUpcaster> upcasters, Clock clock,
                    @Value("${ledger.projections.heartbeat:PT1S}") Duration heartbeat,
                    @Value("${ledger.projections.retire-after:PT30S}") Duration retireAfter,
                    @Value("${ledger.projections.takeover-after:PT60S}") Duration takeoverAfter,
                    @Value("${ledger.projections.rebuild-pledges-per-pass:100000}") long pledgesPerPass,
                    @Value("${ledger.faults.rebuild-pause-after-load:PT0S}") Duration pauseAfterLoad) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.transaction = new TransactionTemplate(transactions);
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        // the event store's upcasters (the chain of config/Upcasters): a rebuild reads old revisions as the store does
        this.rebuild = new Rebuild(dataSource, serializer, new EventUpcasterChain(upcasters));
        this.tables = new GenerationTables(jdbc);
        this.clock = clock;
        this.heartbeat = heartbeat;
        this.retireAfter = retireAfter;
        this.pauseAfterLoad = pauseAfterLoad;
        this.takeoverAfter = takeoverAfter;
        this.pledgesPerPass = Math.max(1, pledgesPerPass);
        this.node = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The first start builds generation 1 before any request is taken; later starts clear what a crash left. */
    @Override
    public void afterSingletonsInstantiated() {
        while (state().live() == 0) {
            Integer generation = claim();
            if (generation != null) {
                LOG.info("building projection generation {} from the event store", generation);
                build(generation, false);
            } else {
                LOG.info("another node builds the first projection generation; waiting for it");
                try {
                    Thread.sleep(heartbeat.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while another node built the projections", e);
                }
            }
        }
        retireLeftovers();
    }

    /** Starts a rebuild in the background; false if one is running (on any node). */
    public boolean rebuild() {
        Integer generation = claim();
        if (generation == null) {
            return false;
        }
        Thread thread = new Thread(() -> build(generation, true), "projection-rebuild");
        thread.setDaemon(true);
        thread.start();
        return true;
    }

    /** What serves reads, what is being built and how far it is. */
    @Override
    public GenerationStatus status() {
        State state = state();
        long head = storeHead();
        GenerationStatus.LiveGeneration live = new GenerationStatus.LiveGeneration(state.live(),
                state.liveSince() == 0 ? null : Instants.render(java.time.Instant.ofEpochMilli(state.liveSince())));
        GenerationStatus.BuildProgress building = null;
        if (state.building() != null) {
            building = new GenerationStatus.BuildProgress(state.building(), state.buildingNode(), state.phase(),
                    Instants.render(java.time.Instant.ofEpochMilli(state.started())), state.position(), head,
                    percent(state.position(), head), stale(state));
        }
        GenerationStatus.LastBuild last = new GenerationStatus.LastBuild(state.lastMillis(), state.lastEvents(),
                state.lastMillis() == null || state.lastMillis() == 0 ? null
                        : state.lastEvents() * 1000 / state.lastMillis(),
                state.lastError());
        GenerationStatus.ProcessorProgress processor = new GenerationStatus.ProcessorProgress(Projections.GROUP,
                building != null && !stale(state) ? GenerationStatus.ProcessorState.REBUILDING
                        : GenerationStatus.ProcessorState.LIVE,
                state.live(), building != null ? state.position() : head, head,
                building != null ? percent(state.position(), head) : 100);
        return new GenerationStatus(live, building, last, List.of(processor));
    }

    /** True while a rebuild is running on some node. */
    @Override
    public boolean isRebuilding() {
        State state = state();
        return state.building() != null && !stale(state);
    }

    private static int percent(long position, long head) {
        return head == 0 ? 100 : (int) Math.min(100, Math.max(0, position * 100 / head));
    }

    /** Claims the next generation for this node; null if a live builder holds the claim. */
    private Integer claim() {
        State state = state();
        if (state.building() != null && !stale(state)) {
            return null;
        }
        int generation = Math.max(state.live(), state.building() == null ? 0 : state.building()) + 1;
        long now = clock.millis();
        int claimed;
        if (state.building() == null) {
            claimed = jdbc.update("update projection_state set building_generation = ?, building_node = ?, "
                    + "building_started = ?, building_heartbeat = ?, building_position = 0, building_phase = ? "
                    + "where id = 1 and building_generation is null", generation, node, now, now, "LOADING");
        } else {
            LOG.warn("taking over the projection rebuild of generation {} from {}, silent since {}", state.building(),
                    state.buildingNode(), Instants.render(java.time.Instant.ofEpochMilli(state.heartbeat())));
            claimed = jdbc.update("update projection_state set building_generation = ?, building_node = ?, "
                    + "building_started = ?, building_heartbeat = ?, building_position = 0, building_phase = ? "
                    + "where id = 1 and building_generation = ? and building_heartbeat = ?", generation, node, now,
                    now, "LOADING", state.building(), state.heartbeat());
            if (claimed == 1) {
                tables.drop(state.building());
            }
        }
        return claimed == 1 ? generation : null;
    }

    private void build(int generation, boolean requested) {
        long started = System.nanoTime();
        // the heartbeat goes on through long steps (an index over millions of rows), so no node takes over a live build
        ScheduledFuture<?> heartbeats = background.scheduleAtFixedRate(() -> heartbeat(generation),
                heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        try {
            tables.createBare(generation);
            long position = rebuild.load(generation, pledgesPerPass, (at, events) -> beat(generation, "LOADING", at));
            long loaded = System.nanoTime();
            if (requested) {
                pauseForCrashTests();
            }
            beat(generation, "INDEXING", position);
            tables.index(generation);
            long indexed = System.nanoTime();
            position = catchUp(generation, position);
            long events = switchTo(generation, position);
            long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
            LOG.info("projection generation {}: load {} ms, indexes {} ms, catch-up and switch {} ms", generation,
                    (loaded - started) / 1_000_000, (indexed - loaded) / 1_000_000,
                    (System.nanoTime() - indexed) / 1_000_000);
            jdbc.update("update projection_state set last_build_millis = ?, last_build_events = ?, "
                    + "last_build_error = null where id = 1", millis, events);
            LOG.info("projection generation {} is live: {} events in {} ms", generation, events, millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("building projection generation {} was interrupted", generation);
        } catch (RuntimeException | java.sql.SQLException | Error e) {
            LOG.error("building projection generation {} failed; generation {} keeps serving", generation,
                    state().live(), e);
            String error = String.valueOf(e.getMessage());
            jdbc.update("update projection_state set building_generation = null, building_node = null, "
                    + "building_phase = null, last_build_error = ? where id = 1 and building_generation = ?",
                    error.substring(0, Math.min(error.length(), 2000)), generation);
            tables.drop(generation);
            if (state().live() == 0) {
                throw new IllegalStateException("the first projection generation could not be built", e);
            }
        } finally {
            heartbeats.cancel(false);
        }
    }

    private void heartbeat(int generation) {
        try {
            jdbc.update("update projection_state set building_heartbeat = ? where id = 1 and building_generation = ? "
                    + "and building_node = ?", clock.millis(), generation, node);
        } catch (RuntimeException e) {
            LOG.warn("could not record the rebuild's heartbeat", e);
        }
    }

    /** Crash tests hold a rebuild between its load and its indexes so that it can be killed there. */
    private void pauseForCrashTests() throws InterruptedException {
        if (!pauseAfterLoad.isZero()) {
            LOG.warn("fault injection: the rebuild pauses {} after its load (ledger.faults)", pauseAfterLoad);
            Thread.sleep(pauseAfterLoad.toMillis());
        }
    }

    /** Applies the events appended during the load, round by round, until few enough are left to switch. */
    private long catchUp(int generation, long position) throws java.sql.SQLException {
        beat(generation, "CATCHING_UP", position);
        while (true) {
            long from = position;
            List<Rebuild.StoredEvent> events;
            try (Connection connection = dataSource.getConnection()) {
                events = rebuild.read(connection, from, Rebuild.PAGE);
            }
            if (events.size() < SWITCH_BELOW) {
                return position;
            }
            transaction.executeWithoutResult(status -> apply(events, generation));
            position = events.get(events.size() - 1).globalIndex();
            beat(generation, "CATCHING_UP", position);
        }
    }

    /** Under the chain lock no event can be appended: apply the last ones and switch every node over. */
    private long switchTo(int generation, long position) {
        Long events = transaction.execute(status -> {
            jdbc.queryForObject("select last_sequence from chain_head where id = 1 for update", Long.class);
            Connection connection = DataSourceUtils.getConnection(dataSource);
            List<Rebuild.StoredEvent> last;
            try {
                last = rebuild.readAll(connection, position);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            } finally {
                DataSourceUtils.releaseConnection(connection, dataSource);
            }
            apply(last, generation);
            int previous = state().live();
            int switched = jdbc.update("update projection_state set live_generation = ?, live_since = ?, "
                    + "building_generation = null, building_node = null, building_phase = null, "
                    + "building_position = null where id = 1 and building_generation = ? and building_node = ?",
                    generation, clock.millis(), generation, node);
            if (switched != 1) {
                throw new IllegalStateException("the rebuild of generation " + generation + " was taken over");
            }
            if (previous != 0) {
                background.schedule(() -> retire(previous), retireAfter.toMillis(), TimeUnit.MILLISECONDS);
            }
            return jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
        });
        return events == null ? 0 : events;
    }

    private void apply(List<Rebuild.StoredEvent> events, int generation) {
        SqlRows rows = new SqlRows(jdbc, generation);
        for (Rebuild.StoredEvent event : events) {
            ProjectionFold.apply(event.payload(), event.aggregateSequence(), event.recordedAt(), rows);
        }
    }

    /** Records progress and the heartbeat; false if another node took the rebuild over. */
    private boolean beat(int generation, String phase, long position) {
        return jdbc.update("update projection_state set building_heartbeat = ?, building_phase = ?, "
                + "building_position = ? where id = 1 and building_generation = ? and building_node = ?",
                clock.millis(), phase, position, generation, node) == 1;
    }

    private void retire(int generation) {
        try {
            State state = state();
            if (generation != state.live() && !Integer.valueOf(generation).equals(state.building())) {
                tables.drop(generation);
                LOG.info("dropped projection generation {}", generation);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not drop projection generation {}; the next start will", generation, e);
        }
    }

    /** Drops generations that are neither live nor being built, once no read can still use them. */
    private void retireLeftovers() {
        State state = state();
        boolean graceOver = clock.millis() - state.liveSince() > retireAfter.toMillis();
        for (int generation : tables.existing()) {
            boolean building = Integer.valueOf(generation).equals(state.building()) && !stale(state);
            if (generation != state.live() && !building && (generation > state.live() || graceOver)) {
                retire(generation);
            }
        }
    }

    private boolean stale(State state) {
        return state.heartbeat() != null && clock.millis() - state.heartbeat() > takeoverAfter.toMillis();
    }

    private long storeHead() {
        Long head = jdbc.queryForObject("select coalesce(max(global_index), 0) from domain_event_entry", Long.class);
        return head == null ? 0 : head;
    }

    private State state() {
        return jdbc.queryForObject("select live_generation, live_since, building_generation, building_node, "
                + "building_started, building_heartbeat, building_position, building_phase, last_build_millis, "
                + "last_build_events, last_build_error from projection_state where id = 1", (rs, i) -> new State(
                        rs.getInt(1), rs.getLong(2), (Integer) rs.getObject(3), rs.getString(4), rs.getLong(5),
                        (Long) rs.getObject(6), rs.getLong(7), rs.getString(8), (Long) rs.getObject(9),
                        (Long) rs.getObject(10), rs.getString(11)));
    }

    private record State(int live, long liveSince, Integer building, String buildingNode, long started,
                         Long heartbeat, long position, String phase, Long lastMillis, Long lastEvents,
                         String lastError) {
    }
}
