-- Events and snapshots are stored under stable names, not Java class names (ADR 0035). Only the type columns change:
-- no payload byte, and so no hash of the chain or the Merkle tree, since those name an event by the same short name.
-- One pass over each table: a statement per type would scan the whole event table once per type.

update domain_event_entry set payload_type = case payload_type
    when 'org.commitmentledger.member.api.MemberRegisteredEvent' then 'MemberRegistered'
    when 'org.commitmentledger.member.api.MemberRevisedEvent' then 'MemberRevised'
    when 'org.commitmentledger.fund.api.FundProposedEvent' then 'FundProposed'
    when 'org.commitmentledger.fund.api.FundAmendedEvent' then 'FundAmended'
    when 'org.commitmentledger.fund.api.ObjectionRaisedEvent' then 'ObjectionRaised'
    when 'org.commitmentledger.fund.api.ObjectionWithdrawnEvent' then 'ObjectionWithdrawn'
    when 'org.commitmentledger.fund.api.MemberOptedOutEvent' then 'MemberOptedOut'
    when 'org.commitmentledger.fund.api.DecisionRoundConcludedEvent' then 'DecisionRoundConcluded'
    when 'org.commitmentledger.pledge.api.PledgeMadeEvent' then 'PledgeMade'
    when 'org.commitmentledger.pledge.api.PledgeRevisedEvent' then 'PledgeRevised'
    when 'org.commitmentledger.pledge.api.PledgeWithdrawnEvent' then 'PledgeWithdrawn'
    when 'org.commitmentledger.pledge.api.PledgeDisbursedEvent' then 'PledgeDisbursed'
    else payload_type end
where payload_type like 'org.commitmentledger.%%';

update snapshot_event_entry set payload_type = case payload_type
    when 'org.commitmentledger.member.command.MemberAggregate' then 'MemberSnapshot'
    when 'org.commitmentledger.fund.command.FundAggregate' then 'FundSnapshot'
    when 'org.commitmentledger.pledge.command.PledgeAggregate' then 'PledgeSnapshot'
    else payload_type end
where payload_type like 'org.commitmentledger.%%';
