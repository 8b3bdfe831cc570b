package org.commitmentledger.write;

import org.commitmentledger.problem.ConcurrentWriteException;
import org.commitmentledger.problem.IdempotencyKeyReusedException;
import org.commitmentledger.problem.ServiceUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The write path shared by every endpoint (ADR 0020). One writer thread per node takes the commands waiting at that
 * moment, and those queued while it runs them (ADR 0065), up to {@code ledger.writes.max-batch}, into one
 * transaction: it takes the chain lock first, then runs each
 * command in a savepoint of its own — the aggregate is loaded, the command judged, its event appended and chained,
 * the projections applied, the answer built and, under an {@code Idempotency-Key}, stored — and commits once. Each
 * request is answered only after that commit; a refused command rolls back to its savepoint and never refuses the
 * others. Holding the chain lock from the start means no other writer, on this node or another, can change an
 * aggregate between its load and its append. Each answered write leaves one INFO line (sequence, event type, actor,
 * aggregate, milliseconds from queueing to answer; never a payload) and its time in {@code ledger.writes}.
 */
@Component
public class LedgerWrites implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerWrites.class);

    private final CommandGateway commands;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate batchTransaction;
    private final DataSource dataSource;
    private final EntityManagerProvider entityManagers;
    private final ObjectMapper json;
    private final ObjectProvider<WriteAnswers> answers;
    private final List<Cache> aggregateCaches;
    private final WriteProperties properties;
    private final BlockingQueue<Job<?, ?>> queue;
    private final Timer commitTime;
    private final DistributionSummary batchSizes;
    private final MeterRegistry meters;
    private final Timer recordedWrites;
    private final Timer refusedWrites;
    private final StoredCommits storedCommits;
    private volatile Thread writer;
    private volatile boolean running;

    LedgerWrites(CommandGateway commands, JdbcTemplate jdbc, PlatformTransactionManager transactions,
                 DataSource dataSource, EntityManagerProvider entityManagers, ObjectMapper json,
                 ObjectProvider<WriteAnswers> answers, List<Cache> aggregateCaches, WriteProperties properties,
                 MeterRegistry meters, StoredCommits storedCommits) {
        this.commands = commands;
        this.jdbc = jdbc;
        this.batchTransaction = new TransactionTemplate(transactions);
        this.batchTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.dataSource = dataSource;
        this.entityManagers = entityManagers;
        this.json = json;
        this.answers = answers;
        this.aggregateCaches = aggregateCaches;
        this.properties = properties;
        this.queue = new LinkedBlockingQueue<>(properties.queueCapacity());
        this.commitTime = Timer.builder("ledger.write.batch")
                .description("One writer transaction: chain lock, every command of the batch, commit").register(meters);
        this.batchSizes = DistributionSummary.builder("ledger.write.batch.size")
                .description("Commands committed together").register(meters);
        this.meters = meters;
        this.recordedWrites = writesTimer("recorded", meters);
        this.refusedWrites = writesTimer("refused", meters);
        this.storedCommits = storedCommits;
    }

    private static Timer writesTimer(String outcome, MeterRegistry meters) {
        return Timer.builder("ledger.writes").description("A write from its queueing to its answer, after the commit")
                .tag("outcome", outcome).register(meters);
    }

    /**
     * Sends a command whose handler answers {@code R}, and answers the request with what {@code answer} makes of it.
     * {@code aggregateId} and {@code aggregateSequence} locate the event it recorded. {@code answer} runs inside the
     * write's transaction (it must not block or read the request), so that an {@code Idempotency-Key}'s stored answer
     * commits with the event. Failures of the command are thrown as the command bus threw them. A request whose
     * {@code Idempotency-Key} belongs to another request runs its command too, but only to learn whether it would be
     * refused (404, 409); if not, its savepoint is rolled back and it is refused with 422 (ADR 0031).
     */
    public <R, T> ResponseEntity<T> send(Object command, Function<R, String> aggregateId,
                                         ToLongFunction<R> aggregateSequence,
                                         Function<Recorded<R>, ResponseEntity<T>> answer) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        Object claim = request == null ? null
                : request.getAttribute(WriteAnswers.CLAIM_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        Object reusedKeyOf = request == null ? null
                : request.getAttribute(WriteAnswers.REUSED_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        Job<R, T> job = new Job<>(command, aggregateId, aggregateSequence, answer, claim, reusedKeyOf,
                SecurityContextHolder.getContext(), haltsAfterCommit(request));
        if (!running || !queue.offer(job)) {
            throw new ServiceUnavailableException("the ledger is not accepting writes right now (starting, stopping "
                    + "or " + properties.queueCapacity() + " writes queued); nothing was recorded", 1);
        }
        ResponseEntity<T> result;
        try {
            result = await(job);
        } finally {
            // done by now, so reported on this thread; a write answered 503 for its timeout is reported by the
            // writer when its batch ends
            job.done.whenComplete((value, failure) -> report(job));
        }
        if (claim != null && request != null) {
            request.setAttribute(WriteAnswers.RECORDED_ATTRIBUTE, Boolean.TRUE, RequestAttributes.SCOPE_REQUEST);
        }
        return result;
    }

    private <T> ResponseEntity<T> await(Job<?, T> job) {
        try {
            return job.done.get(properties.answerTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new ServiceUnavailableException("the write was not committed within " + properties.answerTimeout()
                    + "; it may still be. Retry it with the same Idempotency-Key to get its outcome exactly once", 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("interrupted while waiting for the write's commit", 1);
        }
    }

    private void writeLoop() {
        List<Job<?, ?>> batch = new ArrayList<>(properties.maxBatch());
        while (running || !queue.isEmpty()) {
            try {
                Job<?, ?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, properties.maxBatch() - 1);
                commit(batch);
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } catch (RuntimeException | Error e) {
                LOG.error("the writer failed a batch of {} commands", batch.size(), e);
                batch.forEach(job -> job.done.completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Job<?, ?>> batch) {
        commit(batch, true);
    }

    /**
     * Commits a batch. Should the commit fail because one command's failure doomed the whole transaction (Hibernate
     * marks it rollback-only on any persistence exception, savepoint or not), the commands that succeeded are run
     * once more in a batch of their own: nothing of theirs was committed.
     */
    private void commit(List<Job<?, ?>> batch, boolean againWithoutTheFailed) {
        long started = System.nanoTime();
        try {
            batchTransaction.executeWithoutResult(status -> {
                ChainLock.takeForTheTransaction(jdbc);
                countTheCommit();
                for (int i = 0; i < batch.size(); i++) {
                    run(batch.get(i));
                    if (againWithoutTheFailed && i == batch.size() - 1) {
                        // the commands queued while this batch ran share its commit instead of waiting for the next
                        queue.drainTo(batch, properties.maxBatch() - batch.size());
                    }
                }
            });
        } catch (RuntimeException commitFailed) {
            LOG.error("a write batch of {} commands failed to commit; none of them was recorded", batch.size(),
                    commitFailed);
            forgetCachedAggregates();
            List<Job<?, ?>> succeeded = batch.stream().filter(job -> job.failure == null).toList();
            batch.stream().filter(job -> job.failure != null).forEach(job -> job.done.completeExceptionally(job.failure));
            if (againWithoutTheFailed && !succeeded.isEmpty() && succeeded.size() < batch.size()) {
                commit(new ArrayList<>(succeeded), false);
                return;
            }
            succeeded.forEach(job -> job.done.completeExceptionally(
                    new ServiceUnavailableException("the write could not be committed; nothing was recorded", 1)));
            return;
        } finally {
            commitTime.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            batchSizes.record(batch.size());
        }
        if (batch.stream().anyMatch(job -> job.haltAfterCommit)) {
            LOG.error("fault injection: halting after the commit, before answering (ledger.faults)");
            Runtime.getRuntime().halt(137);
        }
        batch.forEach(Job::answer);
    }

    /** Counts the batch's commit in and out of {@link StoredCommits}, so that no reader answers with it too early. */
    private void countTheCommit() {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            private long ticket;

            @Override
            public void beforeCompletion() {
                ticket = storedCommits.committing();
            }

            @Override
            public void afterCompletion(int status) {
                storedCommits.stored(ticket);
            }
        });
    }

    /**
     * The log line and the metrics of a write whose batch was committed or rolled back, made on the request's own
     * thread: the writer thread bounds the write path, so it only completes the job.
     */
    private void report(Job<?, ?> job) {
        long nanos = System.nanoTime() - job.queued;
        boolean recorded = !job.done.isCompletedExceptionally();
        if (recorded) {
            LOG.info("write recorded: sequence={} type={} actor={} aggregate={} ms={}", job.sequence, job.eventType,
                    job.actor(), job.aggregate, TimeUnit.NANOSECONDS.toMillis(nanos));
            meters.counter("ledger.events.appended", "type", job.eventType).increment();
        }
        (recorded ? recordedWrites : refusedWrites).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Crash tests: the JVM dies right after committing the write that carries this Idempotency-Key. */
    private boolean haltsAfterCommit(RequestAttributes request) {
        String key = properties.haltAfterCommitKey();
        return key != null && !key.isEmpty() && request instanceof ServletRequestAttributes servlet
                && key.equals(servlet.getRequest().getHeader("Idempotency-Key"));
    }

    /** Runs one command of a batch in its own savepoint; its failure stays its own. */
    private <R, T> void run(Job<R, T> job) {
        SecurityContextHolder.setContext(job.security);
        boolean applied = false;
        SavepointTransactionManager.Mark savepoint = SavepointTransactionManager.savepoint(dataSource, entityManagers);
        try {
            R recorded = SavepointTransactionManager.covered(() -> commands.sendAndWait(job.command));
            applied = true;
            if (job.reusedKeyOf != null) {
                // judged like any request, so its 404 or 409 came first; rolled back below, never committed
                throw new IdempotencyKeyReusedException(job.reusedKeyOf.toString());
            }
            job.aggregate = job.aggregateId.apply(recorded);
            Stored stored = storedEvent(job.aggregate, job.aggregateSequence.applyAsLong(recorded));
            job.sequence = stored.sequence();
            job.eventType = stored.type();
            ResponseEntity<T> answer = job.answer.apply(new Recorded<>(stored.sequence(), recorded));
            if (job.claim != null) {
                store(job.claim, answer);
            }
            // the savepoint is left to the batch's commit, which ends it with the transaction: releasing it here
            // changes nothing a later rollback to another savepoint does, and on PostgreSQL costs a round trip
            job.result = answer;
        } catch (RuntimeException | Error e) {
            job.failure = e;
            SavepointTransactionManager.rollbackTo(dataSource, entityManagers, savepoint);
            if (applied) {
                // Axon cached the aggregate with the new event when the command's own unit of work committed
                forgetCachedAggregates();
            }
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private void store(Object claim, ResponseEntity<?> answer) {
        byte[] body;
        try {
            body = answer.getBody() == null ? new byte[0] : json.writeValueAsBytes(answer.getBody());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the write's answer cannot be rendered", e);
        }
        String location = answer.getHeaders().getFirst(HttpHeaders.LOCATION);
        if (!answers.getObject().record(claim, answer.getStatusCode().value(), MediaType.APPLICATION_JSON_VALUE,
                location, body)) {
            throw new ConcurrentWriteException("another request with the same Idempotency-Key took over this one "
                    + "while it waited; nothing was recorded by this one. Retry to get the answer of the other");
        }
    }

    /** Where the event a command recorded sits in the global order, and its type as the feed names it. */
    private record Stored(long sequence, String type) {

        static Stored of(long sequence, String payloadType) {
            String simple = payloadType.substring(payloadType.lastIndexOf('.') + 1);
            return new Stored(sequence, simple.endsWith("Event") ? simple.substring(0, simple.length() - 5) : simple);
        }
    }

    private Stored storedEvent(String aggregateId, long aggregateSequence) {
        AppendedEvents.Located appended = AppendedEvents.find(aggregateId, aggregateSequence);
        if (appended != null) {
            return Stored.of(appended.globalIndex(), appended.payloadType());
        }
        List<Stored> found = jdbc.query("select global_index, payload_type from domain_event_entry "
                        + "where aggregate_identifier = ? and sequence_number = ?",
                (rs, i) -> Stored.of(rs.getLong(1), rs.getString(2)), aggregateId, aggregateSequence);
        if (found.isEmpty()) {
            throw new IllegalStateException("recorded event " + aggregateId + "#" + aggregateSequence + " not found");
        }
        return found.get(0);
    }

    private void forgetCachedAggregates() {
        aggregateCaches.forEach(Cache::removeAll);
    }

    @Override
    public void start() {
        running = true;
        Thread thread = new Thread(this::writeLoop, "ledger-writer");
        thread.setDaemon(true);
        writer = thread;
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = writer;
        if (thread != null) {
            try {
                thread.join(properties.answerTimeout().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts after Axon's components and stops before them: queued commands still find a command bus. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }

    /** One queued write and, once its batch committed, its outcome. */
    private static final class Job<R, T> {
        final Object command;
        final Function<R, String> aggregateId;
        final ToLongFunction<R> aggregateSequence;
        final Function<Recorded<R>, ResponseEntity<T>> answer;
        final Object claim;
        final Object reusedKeyOf;
        final SecurityContext security;
        final boolean haltAfterCommit;
        final CompletableFuture<ResponseEntity<T>> done = new CompletableFuture<>();
        final long queued = System.nanoTime();
        ResponseEntity<T> result;
        Throwable failure;
        String aggregate;
        long sequence;
        String eventType;

        Job(Object command, Function<R, String> aggregateId, ToLongFunction<R> aggregateSequence,
            Function<Recorded<R>, ResponseEntity<T>> answer, Object claim, Object reusedKeyOf,
            SecurityContext security, boolean haltAfterCommit) {
            this.command = command;
            this.aggregateId = aggregateId;
            this.aggregateSequence = aggregateSequence;
            this.answer = answer;
            this.claim = claim;
            this.reusedKeyOf = reusedKeyOf;
            this.security = security;
            this.haltAfterCommit = haltAfterCommit;
        }

        String actor() {
            return security.getAuthentication() == null ? "anonymous" : security.getAuthentication().getName();
        }

        void answer() {
            if (failure != null) {
                done.completeExceptionally(failure);
            } else {
                done.complete(result);
            }
        }
    }
}
