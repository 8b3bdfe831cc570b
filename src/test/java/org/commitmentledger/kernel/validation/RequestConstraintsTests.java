package org.commitmentledger.kernel.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorFactory;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Each constraint on a plain Bean Validation {@link Validator}, outside Spring: what it accepts, and the exact words
 * of what it refuses (the words of the 400's {@code errors}, which clients read).
 */
class RequestConstraintsTests {

    private static final Instant NOW = Instant.parse("2024-07-10T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final jakarta.validation.ValidatorFactory FACTORY = Validation.byDefaultProvider().configure()
            .constraintValidatorFactory(new FixedClock()).buildValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();

    /** The default factory, but {@link EffectiveAt} reads the fixed clock, as Spring gives it the Clock bean. */
    private static final class FixedClock implements ConstraintValidatorFactory {

        private final ConstraintValidatorFactory standard =
                Validation.byDefaultProvider().configure().getDefaultConstraintValidatorFactory();

        @Override
        @SuppressWarnings("unchecked")
        public <T extends ConstraintValidator<?, ?>> T getInstance(Class<T> key) {
            return key == EffectiveAt.Check.class ? (T) new EffectiveAt.Check(CLOCK) : standard.getInstance(key);
        }

        @Override
        public void releaseInstance(ConstraintValidator<?, ?> instance) {
            standard.releaseInstance(instance);
        }
    }

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    /** "field: message" of every violation, ordered by field and message. */
    private static List<String> problems(Object body) {
        return VALIDATOR.validate(body).stream()
                .sorted(Comparator.comparing((ConstraintViolation<Object> v) -> v.getPropertyPath().toString())
                        .thenComparing(ConstraintViolation::getMessage))
                .map(v -> v.getPropertyPath() + ": " + v.getMessage()).toList();
    }

    record Fund(@FundId String id) {
    }

    @Test
    void fundIdIsALowercaseSlugOf3To64() {
        assertThat(problems(new Fund("ukraine-2024"))).isEmpty();
        assertThat(problems(new Fund("ab"))).containsExactly("id: must match [a-z0-9-]{3,64}");
        assertThat(problems(new Fund("Clean Water!"))).containsExactly("id: must match [a-z0-9-]{3,64}");
        assertThat(problems(new Fund("a".repeat(65)))).containsExactly("id: must match [a-z0-9-]{3,64}");
        assertThat(problems(new Fund(null))).containsExactly("id: is required");
    }

    record Member(@MemberCode String code) {
    }

    @Test
    void memberCodeIsAnUpperCaseIsoAlpha3Country() {
        assertThat(problems(new Member("DEU"))).isEmpty();
        assertThat(problems(new Member("deu")))
                .containsExactly("code: must be an ISO 3166-1 alpha-3 code in upper case (e.g. DEU): deu");
        assertThat(problems(new Member("ZZZ")))
                .containsExactly("code: must be an ISO 3166-1 alpha-3 code in upper case (e.g. DEU): ZZZ");
        assertThat(problems(new Member(null))).containsExactly("code: is required");
    }

    @Test
    void messagesQuoteWhatWasSentLiterallyEvenWhereItLooksLikeATemplate() {
        for (String sent : List.of("{message}", "{groups}", "{jakarta.validation.constraints.Null.message}", "${1+1}",
                "${validatedValue}", "\\{x}$", "#{x}")) {
            String quoted = sent.length() > 40 ? sent.substring(0, 40) + "…" : sent;
            assertThat(problems(new Member(sent))).as(sent).containsExactly(
                    "code: must be an ISO 3166-1 alpha-3 code in upper case (e.g. DEU): " + quoted);
        }
        assertThat(problems(new Money(BigDecimal.ONE, "${'x'}")))
                .containsExactly("currency: must be an ISO 4217 currency code, three letters in upper case "
                        + "(e.g. EUR): ${'x'}");
    }

    record Pledge(@PledgeId String id) {
    }

    @Test
    void pledgeIdIsALowercaseUuid() {
        assertThat(problems(new Pledge("01a22c1d-ab66-70cf-ab87-b388f585517a"))).isEmpty();
        assertThat(problems(new Pledge("01A22C1D-AB66-70CF-AB87-B388F585517A")))
                .containsExactly("id: is not a pledge id (a lowercase UUID)");
        assertThat(problems(new Pledge("not-a-uuid"))).containsExactly("id: is not a pledge id (a lowercase UUID)");
        assertThat(problems(new Pledge(null))).containsExactly("id: is required");
    }

    record Texts(@Text String reason, @Text(required = false) String note) {
    }

    @Test
    void textIsAtMost2000CharactersAndNotBlankWhenRequired() {
        assertThat(problems(new Texts("r", null))).isEmpty();
        assertThat(problems(new Texts("r".repeat(2000), " "))).isEmpty();
        assertThat(problems(new Texts(" ", "n".repeat(2001))))
                .containsExactly("note: is longer than 2000 characters", "reason: is required");
        assertThat(problems(new Texts(null, null))).containsExactly("reason: is required");
        assertThat(Accepted.text(" ")).isNull();
        assertThat(Accepted.text(" n ")).isEqualTo(" n ");
    }

    record Dates(@IsoDate String start) {
    }

    @Test
    void dateIsARealCalendarDayWrittenYyyyMmDd() {
        assertThat(problems(new Dates("2024-02-29"))).isEmpty();
        assertThat(problems(new Dates("2025-02-30"))).containsExactly("start: must be a date yyyy-MM-dd: 2025-02-30");
        assertThat(problems(new Dates("2025-1-1"))).containsExactly("start: must be a date yyyy-MM-dd: 2025-1-1");
        assertThat(problems(new Dates(null))).containsExactly("start: is required");
        assertThat(Accepted.date("2024-02-29")).hasToString("2024-02-29");
    }

    record Instants(@IsoInstant String deadline, @IsoInstant(required = false) String since) {
    }

    @Test
    void instantHasAnOffsetAndAtMostMilliseconds() {
        assertThat(problems(new Instants("2024-07-10T14:00:00.123+02:00", null))).isEmpty();
        assertThat(problems(new Instants("2024-07-10T12:00:00.1234Z", null))).containsExactly("deadline: has 4 "
                + "fraction digits; the ledger keeps milliseconds, give at most 3 (e.g. 2024-07-10T12:00:00.123Z): "
                + "2024-07-10T12:00:00.1234Z");
        assertThat(problems(new Instants("2024-07-10T12:00:00", "next-week"))).containsExactly(
                "deadline: is not an ISO-8601 instant with offset (e.g. 2024-07-10T12:00:00Z): 2024-07-10T12:00:00",
                "since: is not an ISO-8601 instant with offset (e.g. 2024-07-10T12:00:00Z): next-week");
        assertThat(problems(new Instants("10000-01-01T00:00:00Z", null))).hasSize(1);
        assertThat(problems(new Instants(null, null))).containsExactly("deadline: is required");
        assertThat(Accepted.instant("2024-07-10T14:00:00.5+02:00"))
                .isEqualTo(Instant.parse("2024-07-10T12:00:00.500Z"));
    }

    record Effective(@EffectiveAt String effectiveAt) {
    }

    @Test
    void effectiveAtMayNotLieAfterTheApplicationsClock() {
        assertThat(problems(new Effective(null))).isEmpty();
        assertThat(problems(new Effective("2024-07-10T12:00:00Z"))).isEmpty();
        assertThat(problems(new Effective("2024-07-10T12:00:00.001Z"))).containsExactly("effectiveAt: lies in the "
                + "future (2024-07-10T12:00:00.001Z is after 2024-07-10T12:00:00.000Z)");
        assertThat(problems(new Effective("2024-07-10T12:00:00.0001Z"))).singleElement().asString()
                .contains("4 fraction digits");
        assertThat(Accepted.effectiveAt(null, CLOCK)).isEqualTo(NOW);
        assertThat(Accepted.effectiveAt("2024-07-10T14:00:00+02:00", CLOCK)).isEqualTo(NOW);
    }

    @Test
    void effectiveAtOutsideSpringComparesWithTheSystemClock() {
        try (var plain = Validation.buildDefaultValidatorFactory()) {
            assertThat(plain.getValidator().validate(new Effective("2999-01-01T00:00:00Z"))).singleElement()
                    .extracting(ConstraintViolation::getMessage).asString().startsWith("lies in the future");
            assertThat(plain.getValidator().validate(new Effective("2024-07-10T12:00:00Z"))).isEmpty();
        }
    }

    record Amounts(@MoneyAmount BigDecimal amount, @CostShare BigDecimal costShare) {
    }

    @Test
    void moneyAmountIsPositiveWithAtMost18IntegerAnd6FractionDigits() {
        assertThat(problems(new Amounts(new BigDecimal("1.1000000"), BigDecimal.ONE))).isEmpty();
        assertThat(problems(new Amounts(new BigDecimal("999999999999999999.999999"), BigDecimal.ONE))).isEmpty();
        assertThat(problems(new Amounts(new BigDecimal("-1"), BigDecimal.ONE)))
                .containsExactly("amount: must be positive");
        assertThat(problems(new Amounts(BigDecimal.ZERO, BigDecimal.ONE))).containsExactly("amount: must be positive");
        assertThat(problems(new Amounts(new BigDecimal("1.1234567"), BigDecimal.ONE)))
                .containsExactly("amount: has more than 6 fraction digits");
        assertThat(problems(new Amounts(new BigDecimal("1e18"), BigDecimal.ONE)))
                .containsExactly("amount: has more than 18 integer digits");
        assertThat(problems(new Amounts(new BigDecimal("1e999999"), BigDecimal.ONE)))
                .containsExactly("amount: has more than 18 integer digits");
        assertThat(problems(new Amounts(null, BigDecimal.ONE))).containsExactly("amount: is required");
        assertThat(Accepted.amount(new BigDecimal("2.5e3"))).isEqualTo(new BigDecimal("2500"));
        assertThat(Accepted.amount(new BigDecimal("0.1000000"))).isEqualTo(new BigDecimal("0.1"));
    }

    @Test
    void costShareIsAPercentAboveZeroWithAtMost4Decimals() {
        assertThat(problems(new Amounts(BigDecimal.ONE, new BigDecimal("100")))).isEmpty();
        assertThat(problems(new Amounts(BigDecimal.ONE, new BigDecimal("0.0001")))).isEmpty();
        assertThat(problems(new Amounts(BigDecimal.ONE, new BigDecimal("100.0001"))))
                .containsExactly("costShare: must be at most 100 (a percent)");
        assertThat(problems(new Amounts(BigDecimal.ONE, new BigDecimal("1.00001"))))
                .containsExactly("costShare: has more than 4 fraction digits");
        assertThat(problems(new Amounts(BigDecimal.ONE, new BigDecimal("1000"))))
                .containsExactly("costShare: has more than 3 integer digits");
        assertThat(problems(new Amounts(BigDecimal.ONE, BigDecimal.ZERO)))
                .containsExactly("costShare: must be positive");
        assertThat(problems(new Amounts(BigDecimal.ONE, null))).containsExactly("costShare: is required");
        assertThat(Accepted.costShare(new BigDecimal("2.75e1"))).isEqualTo(new BigDecimal("27.5"));
    }

    record Money(BigDecimal amount, @CurrencyCode String currency) {
    }

    record MaybeMoney(@CurrencyCode(required = false) String currency) {
    }

    @Test
    void currencyIsAnActiveIso4217CodeAndSaysWhyAnotherIsNot() {
        assertThat(problems(new Money(BigDecimal.ONE, "XOF"))).isEmpty();
        assertThat(problems(new Money(BigDecimal.ONE, "EURO"))).containsExactly("currency: must be an ISO 4217 "
                + "currency code, three letters in upper case (e.g. EUR): EURO");
        assertThat(problems(new Money(BigDecimal.ONE, "DEM")))
                .containsExactly("currency: is not an active ISO 4217 currency: DEM was withdrawn from ISO 4217 "
                        + "(a historic currency)");
        assertThat(problems(new Money(BigDecimal.ONE, "XAU")))
                .containsExactly("currency: is not an active ISO 4217 currency: XAU is a precious metal");
        assertThat(problems(new Money(BigDecimal.ONE, null))).containsExactly("currency: is required");
        assertThat(problems(new MaybeMoney(null))).isEmpty();
        assertThat(problems(new MaybeMoney("usd"))).hasSize(1);
    }

    enum Colour { RED, GREEN, BLUE }

    enum Kind { MONEY, IN_KIND }

    record Kinds(@OneOf(Kind.class) String kind, @OneOf(value = Colour.class, required = true) String colour) {
    }

    @Test
    void oneOfNamesTheConstantsItAccepts() {
        assertThat(problems(new Kinds(null, "RED"))).isEmpty();
        assertThat(problems(new Kinds("IN_KIND", "BLUE"))).isEmpty();
        assertThat(problems(new Kinds("GOODS", "red")))
                .containsExactly("colour: must be RED, GREEN or BLUE", "kind: must be MONEY or IN_KIND");
        assertThat(problems(new Kinds("MONEY", null))).containsExactly("colour: is required: RED, GREEN or BLUE");
    }

    @EurRate
    record Priced(@CurrencyCode String currency, BigDecimal eurRate) implements EurRate.Priced {
    }

    @EurRate(currencyOptional = true)
    record MaybePriced(@CurrencyCode(required = false) String currency, BigDecimal eurRate)
            implements EurRate.Priced {
    }

    @Test
    void eurRateIsOneForEurAndRequiredForAnyOtherCurrency() {
        assertThat(problems(new Priced("EUR", null))).isEmpty();
        assertThat(problems(new Priced("EUR", new BigDecimal("1.000")))).isEmpty();
        assertThat(problems(new Priced("USD", new BigDecimal("0.9")))).isEmpty();
        assertThat(problems(new Priced("EUR", new BigDecimal("2")))).containsExactly("eurRate: must be absent or 1 "
                + "for EUR");
        assertThat(problems(new Priced("USD", null))).containsExactly("eurRate: is required for USD (EUR per one USD)");
        assertThat(problems(new Priced("USD", new BigDecimal("0.12345678901"))))
                .containsExactly("eurRate: has more than 10 fraction digits");
        assertThat(problems(new Priced("USD", new BigDecimal("1234567")))).containsExactly("eurRate: has more than 6 "
                + "integer digits");
        assertThat(problems(new Priced("USD", BigDecimal.ZERO))).containsExactly("eurRate: must be positive");
        assertThat(Accepted.rate(new Priced("EUR", null))).isEqualTo(BigDecimal.ONE);
        assertThat(Accepted.rate(new Priced("USD", new BigDecimal("9e-1")))).isEqualTo(new BigDecimal("0.9"));
    }

    @Test
    void eurRateIsNotJudgedForACurrencyThatIsNotOne() {
        assertThat(problems(new Priced("ABC", null))).singleElement().asString().startsWith("currency: ");
        assertThat(problems(new Priced(null, new BigDecimal("2")))).containsExactly("currency: is required");
    }

    @Test
    void withAnOptionalCurrencyARateNeedsOne() {
        assertThat(problems(new MaybePriced(null, null))).isEmpty();
        assertThat(problems(new MaybePriced(null, new BigDecimal("0.9"))))
                .containsExactly("eurRate: may only be given together with currency");
        assertThat(problems(new MaybePriced("USD", null))).containsExactly("eurRate: is required for USD (EUR per "
                + "one USD)");
        assertThat(Accepted.rate(new MaybePriced(null, null))).isNull();
    }

    @OrderedPeriod
    record Period(@IsoDate String periodStart, @IsoDate String periodEnd) implements OrderedPeriod.Bounded {
    }

    @Test
    void periodEndsNoEarlierThanItStarts() {
        assertThat(problems(new Period("2025-01-01", "2025-01-01"))).isEmpty();
        assertThat(problems(new Period("2026-01-01", "2025-12-31")))
                .containsExactly("periodEnd: must not be before periodStart");
        assertThat(problems(new Period("2026-01-01", "2025-02-30")))
                .containsExactly("periodEnd: must be a date yyyy-MM-dd: 2025-02-30");
    }

    @DescribedKind(kinds = Kind.class, kind = "IN_KIND", max = 5, whenMissing = "is required for IN_KIND: what",
            whenOther = "is only for IN_KIND")
    record Described(@OneOf(Kind.class) String kind, String description) implements DescribedKind.Described {
    }

    @Test
    void describedKindNeedsItsDescriptionAndNoOtherKindHasOne() {
        assertThat(problems(new Described(null, null))).isEmpty();
        assertThat(problems(new Described("MONEY", null))).isEmpty();
        assertThat(problems(new Described("IN_KIND", "tanks"))).isEmpty();
        assertThat(problems(new Described("IN_KIND", null))).containsExactly("description: is required for IN_KIND: "
                + "what");
        assertThat(problems(new Described("IN_KIND", "  "))).containsExactly("description: is required for IN_KIND: "
                + "what");
        assertThat(problems(new Described("IN_KIND", "trucks")))
                .containsExactly("description: is longer than 5 characters");
        assertThat(problems(new Described("MONEY", "tanks"))).containsExactly("description: is only for IN_KIND");
        assertThat(problems(new Described(null, "tanks"))).containsExactly("description: is only for IN_KIND");
        assertThat(problems(new Described("GOODS", "tanks"))).containsExactly("kind: must be MONEY or IN_KIND");
    }
}
