package org.commitmentledger.fund.query;

import org.commitmentledger.pledge.api.PledgeFields;
import java.util.List;

/**
 * A member's position in a fund: its pledged and disbursed totals, its fair share (null when opted out), whether it
 * objects to the open round, and its pledges as the pledge read shows each. The position read shows these fields
 * after its header.
 */
public record FundPosition(String fundId, String member, String pledgedEur, String disbursedEur, String fairShareEur,
                           boolean objecting, boolean optedOut, List<PledgeFields> pledges) {
}
