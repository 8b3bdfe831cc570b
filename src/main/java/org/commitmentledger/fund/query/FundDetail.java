package org.commitmentledger.fund.query;

import java.util.List;
import java.util.Map;

import org.commitmentledger.fund.api.FundStatus;

/**
 * A fund at a point in time: status, the terms in force, the open round, opt-outs and totals. The fund read shows
 * these fields after its header, money as {@code Money.render} strings and dates as yyyy-MM-dd.
 */
public record FundDetail(String fundId, String name, FundStatus status, int round, String targetEur,
                         String periodStart, String periodEnd, FundRoundTerms openRound, List<String> optOuts,
                         String pledgedEur, String disbursedEur, String gapEur, Map<String, String> pledgedEurByKind) {
}
