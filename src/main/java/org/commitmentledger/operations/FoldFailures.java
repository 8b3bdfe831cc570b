package org.commitmentledger.operations;

import java.time.Clock;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Watches the live projection fold on this node: an interceptor around the projections group, which sees a failing
 * fold's exception on its way to refusing the write. The fold is failing from a failure until the next event it
 * applies; the health component is DOWN meanwhile.
 */
final class FoldFailures implements MessageHandlerInterceptor<EventMessage<?>> {

    private final Clock clock;
    private final Counter failures;
    private volatile Failure last;
    private volatile boolean failing;

    FoldFailures(Clock clock, MeterRegistry meters) {
        this.clock = clock;
        this.failures = Counter.builder("ledger.projection.fold.failures")
                .description("Events whose live projection fold failed (each refused its write)").register(meters);
    }

    /** The last failure seen: when, on which event type, and its message. */
    public record Failure(Instant at, String eventType, String message) {
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        try {
            Object result = chain.proceed();
            failing = false;
            return result;
        } catch (Exception | Error e) {
            String type = unitOfWork.getMessage().getPayloadType().getSimpleName();
            last = new Failure(clock.instant(), type.endsWith("Event") ? type.substring(0, type.length() - 5) : type,
                    String.valueOf(e.getMessage()));
            failing = true;
            failures.increment();
            throw e;
        }
    }

    public boolean failing() {
        return failing;
    }

    public Failure last() {
        return last;
    }
}
