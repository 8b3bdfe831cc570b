package org.commitmentledger.fund.query;

import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.kernel.AnswerFormats;

/**
 * One member's row of the fair shares. A participant's row has every figure; a member with pledges in force who is
 * no participant (opted out, or not registered at that point in time) has only its pledged figures, the others null.
 */
public record FairShareRow(
        String member,
        @Schema(nullable = true, pattern = AnswerFormats.DECIMAL, example = "27.5") String costShare,
        @Schema(nullable = true, pattern = AnswerFormats.DECIMAL, example = "0.275000") String normalizedShare,
        @Schema(type = "string", nullable = true, pattern = AnswerFormats.MONEY, example = "11000000000.00")
        String fairShareEur,
        @Schema(type = "string", pattern = AnswerFormats.MONEY, example = "9000000000.00") String pledgedEur,
        @Schema(description = "pledgedEur split by pledge kind: MONEY and IN_KIND, money strings")
        Map<String, String> pledgedEurByKind,
        @Schema(nullable = true, pattern = AnswerFormats.DECIMAL, example = "0.8182",
                description = "pledgedEur ÷ fairShareEur; null without a fair share or when it is zero")
        String ratio,
        boolean optedOut) {
}
