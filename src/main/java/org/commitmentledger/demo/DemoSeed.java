package org.commitmentledger.demo;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import com.fasterxml.uuid.Generators;
import org.commitmentledger.fund.api.FundCommands.AmendFundCommand;
import org.commitmentledger.fund.api.FundCommands.ConcludeDecisionRoundCommand;
import org.commitmentledger.fund.api.FundCommands.DeclareOptOutCommand;
import org.commitmentledger.fund.api.FundCommands.ProposeFundCommand;
import org.commitmentledger.fund.api.FundCommands.RaiseObjectionCommand;
import org.commitmentledger.fund.api.FundCommands.WithdrawObjectionCommand;
import org.commitmentledger.fund.api.FundRecorded;
import org.commitmentledger.member.api.MemberRecorded;
import org.commitmentledger.member.api.RegisterOrReviseMemberCommand;
import org.commitmentledger.pledge.api.PledgeCommands.DisbursePledgeCommand;
import org.commitmentledger.pledge.api.PledgeCommands.MakePledgeCommand;
import org.commitmentledger.pledge.api.PledgeCommands.RevisePledgeCommand;
import org.commitmentledger.pledge.api.PledgeKind;
import org.commitmentledger.pledge.api.PledgeRecorded;
import org.commitmentledger.pledge.api.RevisionKind;
import org.commitmentledger.write.LedgerWrites;
import org.commitmentledger.kernel.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Seeds an empty demo store with the NATO Ukraine fund's 2024 life: the proposal of 3 April (€100bn over five years),
 * Hungary's objection, its withdrawal and opt-out of 12 June, the cut to a €40bn annual baseline, the adoption at
 * the Washington summit on 10 July, pledges, a correction recorded in September and a disbursement. Dates follow the
 * public record; the cost-share keys are NATO's 2024 common-funding keys rounded, and the pledge figures are
 * illustrative. Every write goes through {@link LedgerWrites} as a SECRETARIAT user's would, as the actor
 * {@value #ACTOR}, recorded at the 2024 instant given with it ({@link DemoRecordClock}).
 */
@Component
@Profile(DemoChecks.PROFILE)
class DemoSeed implements ApplicationRunner {

    static final String ACTOR = "demo-seed";
    static final String FUND = "ukraine-fund";

    private static final Logger LOG = LoggerFactory.getLogger(DemoSeed.class);

    private final LedgerWrites writes;
    private final JdbcTemplate jdbc;
    private final DemoConfig.InstalledClock record;

    DemoSeed(LedgerWrites writes, JdbcTemplate jdbc, DemoConfig.InstalledClock record) {
        this.writes = writes;
        this.jdbc = jdbc;
        this.record = record;
    }

    @Override
    public void run(ApplicationArguments args) {
        Long events = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
        if (events != null && events > 0) {
            LOG.info("demo store holds {} events already: nothing seeded", events);
            return;
        }
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext seeding = SecurityContextHolder.createEmptyContext();
        seeding.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(ACTOR, null,
                List.of(new SimpleGrantedAuthority("ROLE_SECRETARIAT"))));
        SecurityContextHolder.setContext(seeding);
        try {
            seed();
        } finally {
            record.clock.set(null);
            SecurityContextHolder.setContext(previous);
        }
        LOG.warn("DEMO DATA: seeded fund {} with its 2024 life as {}, recorded at 2024 instants "
                + "(store ./data/demo; never a real ledger)", FUND, ACTOR);
    }

    private void seed() {
        String registered = "2024-01-02T09:00:00Z";
        member("USA", "United States", "16.19", registered);
        member("DEU", "Germany", "16.19", registered);
        member("GBR", "United Kingdom", "11.05", registered);
        member("FRA", "France", "10.20", registered);
        member("POL", "Poland", "2.99", registered);
        member("HUN", "Hungary", "0.71", registered);

        fund(new ProposeFundCommand(FUND, "NATO support to Ukraine", eur("100000000000"), LocalDate.parse("2025-01-01"),
                LocalDate.parse("2029-12-31"), at("2024-07-01T00:00:00Z"), at("2024-04-03T10:00:00Z")),
                "2024-04-03T12:00:00Z");
        fund(new RaiseObjectionCommand(FUND, "HUN", "Hungary will not take part in NATO military support to Ukraine",
                at("2024-04-04T09:00:00Z")), "2024-04-04T15:00:00Z");
        fund(new WithdrawObjectionCommand(FUND, "HUN", "understanding with the Secretary General: Hungary will not "
                + "block the support, and will not take part in it", at("2024-06-12T12:00:00Z")),
                "2024-06-12T18:00:00Z");
        fund(new DeclareOptOutCommand(FUND, "HUN", "Hungary will neither fund nor staff NATO support to Ukraine",
                at("2024-06-12T12:00:00Z")), "2024-06-12T18:05:00Z");
        fund(new AmendFundCommand(FUND, eur("40000000000"), LocalDate.parse("2025-01-01"),
                LocalDate.parse("2025-12-31"), at("2024-07-09T00:00:00Z"), "defence ministers: a baseline of at least "
                + "€40bn a year instead of €100bn over five years", at("2024-06-14T10:00:00Z")),
                "2024-06-14T16:00:00Z");
        fund(new ConcludeDecisionRoundCommand(FUND, at("2024-07-10T00:00:00Z")), "2024-07-10T18:00:00Z");

        String summit = "2024-07-10T00:00:00Z";
        String deu = pledge("DEU", "7000000000", "EUR", null, "Germany's contribution for 2025", summit,
                "2024-07-10T20:00:00Z");
        pledge("USA", "15000000000", "USD", "0.92", "United States' contribution for 2025", summit,
                "2024-07-10T20:05:00Z");
        pledge("GBR", "3000000000", "GBP", "1.18", "United Kingdom's contribution for 2025", summit,
                "2024-07-10T20:10:00Z");
        pledge("FRA", PledgeKind.IN_KIND, "air-defence equipment, ammunition and training, valued in EUR", "3000000000",
                "EUR", null, null, "2024-07-11T00:00:00Z", "2024-07-11T10:00:00Z");
        pledge("POL", "1500000000", "EUR", null, null, "2024-07-11T00:00:00Z", "2024-07-11T10:30:00Z");
        pledgeWrite(new RevisePledgeCommand(deu, RevisionKind.CORRECTION, eur("7100000000"), null, null,
                "figure mistyped when recorded: the budget line reads €7.1bn", at(summit)), "2024-09-16T10:00:00Z");
        pledgeWrite(new DisbursePledgeCommand(deu, eur("1200000000"), "EUR", BigDecimal.ONE, "first delivery batch",
                at("2024-11-20T00:00:00Z")), "2024-11-20T12:00:00Z");
    }

    private void member(String code, String name, String share, String recordedAt) {
        send(new RegisterOrReviseMemberCommand(code, name, new BigDecimal(share), at("2024-01-01T00:00:00Z")),
                MemberRecorded::code, MemberRecorded::aggregateSequence, recordedAt);
    }

    private void fund(Object command, String recordedAt) {
        send(command, FundRecorded::fundId, FundRecorded::aggregateSequence, recordedAt);
    }

    private String pledge(String member, String amount, String currency, String rate, String note, String effectiveAt,
                          String recordedAt) {
        return pledge(member, PledgeKind.MONEY, null, amount, currency, rate, note, effectiveAt, recordedAt);
    }

    private String pledge(String member, PledgeKind kind, String description, String amount, String currency,
                          String rate, String note, String effectiveAt, String recordedAt) {
        String pledgeId = Generators.timeBasedEpochGenerator().generate().toString();
        BigDecimal eurRate = Money.rateFor("currency", currency, "eurRate", rate == null ? null : new BigDecimal(rate));
        send(new MakePledgeCommand(pledgeId, FUND, member, eur(amount), currency, eurRate, 2025, note, kind,
                description, at(effectiveAt)), (String id) -> id, id -> 0L, recordedAt);
        return pledgeId;
    }

    private void pledgeWrite(Object command, String recordedAt) {
        send(command, PledgeRecorded::pledgeId, PledgeRecorded::aggregateSequence, recordedAt);
    }

    private <R> void send(Object command, Function<R, String> aggregateId, ToLongFunction<R> sequence,
                          String recordedAt) {
        record.clock.set(at(recordedAt));
        writes.send(command, aggregateId, sequence, recorded -> ResponseEntity.ok().build());
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static BigDecimal eur(String amount) {
        return new BigDecimal(amount);
    }
}
