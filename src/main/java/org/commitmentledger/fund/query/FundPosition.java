package org.commitmentledger.fund.query;

import java.util.List;
import java.util.Map;

/**
 * A member's position in a fund: its pledged and disbursed totals, its fair share (null when opted out), whether it
 * objects to the open round, and its pledges as the pledge read shows each. The position read shows these fields
 * after its header.
 */
public record FundPosition(String fundId, String member, String pledgedEur, String disbursedEur, String fairShareEur,
                           boolean objecting, boolean optedOut, List<Map<String, Object>> pledges) {
}
