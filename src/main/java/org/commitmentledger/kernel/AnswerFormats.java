package org.commitmentledger.kernel;

/**
 * The string forms answers use, as the OpenAPI document states them: one definition per form, so that every schema
 * promises the same pattern the renderers produce.
 */
public final class AnswerFormats {

    /** Money as {@link Money#render} writes it: exactly two decimals. */
    public static final String MONEY = "^-?\\d+\\.\\d{2}$";
    /** Rates and shares as {@link Money#plain} writes them: no exponent, no trailing zeros. */
    public static final String DECIMAL = "^-?\\d+(\\.\\d+)?$";
    /** A SHA-256 hash in lower-case hex. */
    public static final String SHA256_HEX = "^[0-9a-f]{64}$";

    private AnswerFormats() {
    }
}
