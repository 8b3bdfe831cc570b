package org.commitmentledger.fund.api;

import java.time.Instant;
import java.util.Optional;

/** Command-side view of funds, for the pledge rules judged at a valid time. */
public interface FundDirectory {

    /**
     * Why a pledge of {@code member} for {@code year} at that valid time is refused, or empty when the fund admits
     * it. A fund that does not exist is a refusal too.
     */
    Optional<String> refusalOfPledge(String fundId, String member, int year, Instant effectiveAt);
}
