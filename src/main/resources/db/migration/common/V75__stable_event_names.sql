-- Events and snapshots are stored under stable names, not Java class names (ADR 0035). Only the type columns change:
-- no payload byte, and so no hash of the chain or the Merkle tree, since those name an event by the same short name.
update domain_event_entry set payload_type = 'MemberRegistered' where payload_type = 'org.commitmentledger.member.api.MemberRegisteredEvent';
update domain_event_entry set payload_type = 'MemberRevised' where payload_type = 'org.commitmentledger.member.api.MemberRevisedEvent';
update domain_event_entry set payload_type = 'FundProposed' where payload_type = 'org.commitmentledger.fund.api.FundProposedEvent';
update domain_event_entry set payload_type = 'FundAmended' where payload_type = 'org.commitmentledger.fund.api.FundAmendedEvent';
update domain_event_entry set payload_type = 'ObjectionRaised' where payload_type = 'org.commitmentledger.fund.api.ObjectionRaisedEvent';
update domain_event_entry set payload_type = 'ObjectionWithdrawn' where payload_type = 'org.commitmentledger.fund.api.ObjectionWithdrawnEvent';
update domain_event_entry set payload_type = 'MemberOptedOut' where payload_type = 'org.commitmentledger.fund.api.MemberOptedOutEvent';
update domain_event_entry set payload_type = 'DecisionRoundConcluded' where payload_type = 'org.commitmentledger.fund.api.DecisionRoundConcludedEvent';
update domain_event_entry set payload_type = 'PledgeMade' where payload_type = 'org.commitmentledger.pledge.api.PledgeMadeEvent';
update domain_event_entry set payload_type = 'PledgeRevised' where payload_type = 'org.commitmentledger.pledge.api.PledgeRevisedEvent';
update domain_event_entry set payload_type = 'PledgeWithdrawn' where payload_type = 'org.commitmentledger.pledge.api.PledgeWithdrawnEvent';
update domain_event_entry set payload_type = 'PledgeDisbursed' where payload_type = 'org.commitmentledger.pledge.api.PledgeDisbursedEvent';
update snapshot_event_entry set payload_type = 'MemberSnapshot' where payload_type = 'org.commitmentledger.member.command.MemberAggregate';
update snapshot_event_entry set payload_type = 'FundSnapshot' where payload_type = 'org.commitmentledger.fund.command.FundAggregate';
update snapshot_event_entry set payload_type = 'PledgeSnapshot' where payload_type = 'org.commitmentledger.pledge.command.PledgeAggregate';
