package org.commitmentledger.environment;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Headless Chromium and its ChromeDriver as Debian installs them (never downloaded by a test tool, ADR 0011): the
 * {@code chromium} and {@code chromedriver} on the PATH, or the files named by {@code -Dledger.chromium} and
 * {@code -Dledger.chromedriver}.
 */
public record Chromium(File browser, File driver) {

    private static Availability availability;
    private static Chromium chromium;

    /** The browser of this run; only for classes annotated {@link RequiresBrowser}, which ran the probe. */
    public static synchronized Chromium get() {
        if (chromium == null) {
            throw new IllegalStateException("no Chromium for this test: " + probe().missing());
        }
        return chromium;
    }

    static synchronized Availability probe() {
        if (availability == null) {
            Optional<Path> browser = locate("ledger.chromium", "chromium");
            Optional<Path> driver = locate("ledger.chromedriver", "chromedriver");
            if (browser.isPresent() && driver.isPresent()) {
                chromium = new Chromium(browser.get().toFile(), driver.get().toFile());
                availability = Availability.found("Chromium " + browser.get() + " with " + driver.get());
            } else {
                availability = Availability.missing(describe("chromium", "ledger.chromium", browser) + ", "
                        + describe("chromedriver", "ledger.chromedriver", driver),
                        "apt-get install -y chromium chromium-driver (Debian's), or name them with "
                                + "-Dledger.chromium=… -Dledger.chromedriver=…");
            }
        }
        return availability;
    }

    private static Optional<Path> locate(String property, String command) {
        String named = System.getProperty(property);
        if (named != null && !named.isBlank()) {
            return Optional.of(Path.of(named)).filter(Files::isExecutable);
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, command);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static String describe(String command, String property, Optional<Path> found) {
        if (found.isPresent()) {
            return command + " at " + found.get();
        }
        String named = System.getProperty(property);
        return named != null && !named.isBlank() ? "no executable " + command + " at -D" + property + "=" + named
                : "no " + command + " on the PATH";
    }
}
