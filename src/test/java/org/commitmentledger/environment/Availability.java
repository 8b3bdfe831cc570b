package org.commitmentledger.environment;

/**
 * Whether the machine has what a tag's tests need: what was found, or why nothing was and how to provide it.
 */
record Availability(boolean available, String found, String missing, String howToEnable) {

    static Availability found(String what) {
        return new Availability(true, what, null, null);
    }

    static Availability missing(String why, String howToEnable) {
        return new Availability(false, null, why, howToEnable);
    }
}
