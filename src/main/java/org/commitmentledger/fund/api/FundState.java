package org.commitmentledger.fund.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.commitmentledger.eventlog.EventJson;

/**
 * A fund's state after one of its events: stored as JSON in {@code fund_version.state}. Public fields keep the
 * stored form plain; it is a projection, rebuilt from the events whenever it changes shape.
 */
public class FundState {

    public String fundId;
    public String name;
    public List<Round> rounds = new ArrayList<>();
    public Integer openRound;
    public Integer adoptedRound;
    public TreeSet<String> optOuts = new TreeSet<>();

    /** One decision round with its terms, outcome and objections. */
    public static class Round {
        public int round;
        public BigDecimal targetEur;
        public LocalDate periodStart;
        public LocalDate periodEnd;
        public Instant decisionDeadline;
        public RoundOutcome outcome = RoundOutcome.OPEN;
        public List<Objection> objections = new ArrayList<>();

        @JsonIgnore
        public List<String> standingObjections() {
            return objections.stream().filter(o -> o.withdrawnAt == null).map(o -> o.member).distinct().sorted()
                    .toList();
        }
    }

    /** A veto: standing while {@code withdrawnAt} is null. */
    public static class Objection {
        public String member;
        public String reason;
        public Instant effectiveAt;
        public Instant withdrawnAt;
    }

    @JsonIgnore
    public FundStatus status() {
        return adoptedRound != null ? FundStatus.ADOPTED : openRound != null ? FundStatus.PROPOSED : FundStatus.BLOCKED;
    }

    /** The terms that apply: the newest adopted round's, before any adoption the newest round's. */
    @JsonIgnore
    public Round terms() {
        return round(adoptedRound != null ? adoptedRound : rounds.get(rounds.size() - 1).round);
    }

    @JsonIgnore
    public Round open() {
        return openRound == null ? null : round(openRound);
    }

    /** The stored form of a state ({@code fund_version.state}). */
    public String toJson() {
        try {
            return EventJson.mapper().writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FundState fromJson(String text) {
        try {
            return EventJson.mapper().readValue(text, FundState.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Round round(int number) {
        return rounds.stream().filter(r -> r.round == number).findFirst().orElseThrow();
    }
}
