package org.commitmentledger.fund.command;

import java.time.Instant;
import java.util.Optional;

import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.commitmentledger.fund.api.FundDirectory;
import org.springframework.stereotype.Component;

/** Judges pledges against the fund aggregate itself, loaded in the running unit of work (ADR 0002). */
@Component
class AggregateFundDirectory implements FundDirectory {

    private final Repository<FundAggregate> funds;

    AggregateFundDirectory(Repository<FundAggregate> funds) {
        this.funds = funds;
    }

    @Override
    public Optional<String> refusalOfPledge(String fundId, String member, int year, Instant effectiveAt) {
        try {
            return funds.load(fundId).invoke(fund -> fund.refusalOfPledge(member, year, effectiveAt));
        } catch (AggregateNotFoundException | IncompatibleAggregateException e) {
            // not found, or the id names a record of another kind (a pledge)
            return Optional.of("fund " + fundId + " does not exist");
        }
    }
}
