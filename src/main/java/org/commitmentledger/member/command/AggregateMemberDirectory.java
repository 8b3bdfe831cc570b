package org.commitmentledger.member.command;

import java.time.Instant;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.commitmentledger.member.api.MemberDirectory;
import org.springframework.stereotype.Component;

/**
 * Answers from the member aggregate itself, loaded in the running unit of work: strongly consistent with every
 * recorded member event (ADR 0002).
 */
@Component
class AggregateMemberDirectory implements MemberDirectory {

    private final Repository<MemberAggregate> members;

    AggregateMemberDirectory(Repository<MemberAggregate> members) {
        this.members = members;
    }

    @Override
    public boolean isRegisteredAt(String code, Instant effectiveAt) {
        try {
            return members.load(code).invoke(member -> member.isRegisteredAt(effectiveAt));
        } catch (AggregateNotFoundException e) {
            return false;
        }
    }
}
