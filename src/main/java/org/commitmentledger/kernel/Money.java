package org.commitmentledger.kernel;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Exact money rules of the contract: bounds, currencies, conversion and rendering (ADR 0004). */
public final class Money {

    public static final String EUR = "EUR";

    /**
     * The active currencies of ISO 4217 (List One), without the codes that name no money one can pledge: funds codes,
     * precious metals, units of account, the testing code and "no currency". The JDK's list also holds withdrawn codes
     * and has no flag for them (ADR 0032).
     */
    private static final Set<String> ACTIVE = Set.of(("AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BHD BIF BMD "
            + "BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR "
            + "FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR "
            + "KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN "
            + "NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP "
            + "SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VED VES VND VUV "
            + "WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG").split(" "));
    private static final Set<String> FUNDS_CODES = Set.of("BOV", "CHE", "CHW", "CLF", "COU", "MXV", "USN", "UYI", "UYW");
    /** ISO 4217's two codes that name no currency at all, with what they stand for. */
    private static final Map<String, String> NON_CURRENCIES = Map.of(
            "XXX", "is the code for \"no currency\"",
            "XTS", "is reserved for testing");
    private static final Set<String> METALS = Set.of("XAU", "XAG", "XPD", "XPT");
    private static final Set<String> UNITS = Set.of("XBA", "XBB", "XBC", "XBD", "XDR", "XSU", "XUA");
    /** Every code the JDK knows, active or withdrawn. */
    private static final Set<String> KNOWN = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());

    private Money() {
    }

    /** A positive amount with at most 18 integer and 6 fraction digits. */
    public static BigDecimal amount(String field, BigDecimal value) {
        return bounded(field, value, 18, 6);
    }

    /** EUR per unit: positive, at most 6 integer and 10 fraction digits. */
    public static BigDecimal rate(String field, BigDecimal value) {
        return bounded(field, value, 6, 10);
    }

    /** A cost-share percent: 0 < x ≤ 100 with at most 4 decimals. */
    public static BigDecimal costShare(String field, BigDecimal value) {
        BigDecimal share = bounded(field, value, 3, 4);
        if (share.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new InvalidInputException(field, "must be at most 100 (a percent)");
        }
        return share;
    }

    private static BigDecimal bounded(String field, BigDecimal value, int integerDigits, int fractionDigits) {
        if (value == null) {
            throw new InvalidInputException(field, "is required");
        }
        if (value.signum() <= 0) {
            throw new InvalidInputException(field, "must be positive");
        }
        // precision and scale only: no arithmetic on a value like 1e999999 before it is known to be small
        long integerPart = (long) value.precision() - value.scale();
        if (integerPart > integerDigits) {
            throw new InvalidInputException(field, "has more than " + integerDigits + " integer digits");
        }
        if (value.scale() > fractionDigits) {
            BigDecimal stripped = value.stripTrailingZeros();
            if (stripped.scale() > fractionDigits) {
                throw new InvalidInputException(field, "has more than " + fractionDigits + " fraction digits");
            }
            value = stripped;
        }
        return value.scale() < 0 ? value.setScale(0) : value;
    }

    public static String currency(String field, String code) {
        if (code == null) {
            throw new InvalidInputException(field, "is required");
        }
        if (!code.matches("[A-Z]{3}")) {
            throw new InvalidInputException(field, "must be an ISO 4217 currency code, three letters in upper case "
                    + "(e.g. EUR): " + Instants.abbreviate(code));
        }
        if (!ACTIVE.contains(code)) {
            throw new InvalidInputException(field, "is not an active ISO 4217 currency: " + code + " " + why(code));
        }
        return code;
    }

    private static String why(String code) {
        if (NON_CURRENCIES.containsKey(code)) {
            return NON_CURRENCIES.get(code);
        }
        if (METALS.contains(code)) {
            return "is a precious metal";
        }
        if (FUNDS_CODES.contains(code)) {
            return "is a funds code (a unit of account beside a currency), not a currency";
        }
        if (UNITS.contains(code)) {
            return "is a unit of account, not a currency";
        }
        if (KNOWN.contains(code)) {
            return "was withdrawn from ISO 4217 (a historic currency)";
        }
        return "is not assigned in ISO 4217";
    }

    /** The rate to store: 1 for EUR (where any other rate is refused), required for others. */
    public static BigDecimal rateFor(String currencyField, String currency, String rateField, BigDecimal eurRate) {
        if (EUR.equals(currency)) {
            if (eurRate != null && eurRate.compareTo(BigDecimal.ONE) != 0) {
                throw new InvalidInputException(rateField, "must be absent or 1 for EUR");
            }
            return BigDecimal.ONE;
        }
        if (eurRate == null) {
            throw new InvalidInputException(rateField, "is required for " + currency + " (EUR per one " + currency + ")");
        }
        return rate(rateField, eurRate);
    }

    public static BigDecimal toEur(BigDecimal amount, BigDecimal eurRate) {
        return cents(amount.multiply(eurRate));
    }

    public static BigDecimal cents(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_EVEN);
    }

    /** Money as the contract renders it: a string with exactly two decimals. */
    public static String render(BigDecimal value) {
        return value == null ? null : cents(value).toPlainString();
    }

    /** Exact decimal rendering for rates and shares. */
    public static String plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }
}
