package org.commitmentledger.environment;

/** Guards the classes annotated {@link RequiresBrowser}. */
final class BrowserRequirement extends MachineRequirement {

    @Override
    String tag() {
        return "browser";
    }

    @Override
    Availability availability() {
        return Chromium.probe();
    }
}
