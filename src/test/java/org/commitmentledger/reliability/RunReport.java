package org.commitmentledger.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one reliability run: printed, and appended as a Markdown section to target/reliability/results.md
 * (reliability/run.sh shows that file at the end; docs/reliability.md quotes it).
 */
final class RunReport {

    static final Path RESULTS = Path.of("target/reliability/results.md");

    private final List<String> lines = new ArrayList<>();

    RunReport(String title) {
        lines.add("");
        lines.add("### " + title + " — " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " ("
                + Runtime.getRuntime().availableProcessors() + " cpus, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + ")");
        lines.add("");
    }

    RunReport line(String format, Object... args) {
        lines.add(String.format(Locale.ROOT, format, args));
        return this;
    }

    RunReport row(Object... cells) {
        StringBuilder row = new StringBuilder("|");
        for (Object cell : cells) {
            row.append(' ').append(cell).append(" |");
        }
        lines.add(row.toString());
        return this;
    }

    /** Appends the section to results.md and prints it. */
    void write() {
        String text = String.join("\n", lines) + "\n";
        System.out.print(text);
        try {
            Files.createDirectories(RESULTS.getParent());
            Files.writeString(RESULTS, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** min / median / max of durations in milliseconds, as seconds with one decimal. */
    static String spread(Collection<Long> millis) {
        if (millis.isEmpty()) {
            return "–";
        }
        List<Long> sorted = millis.stream().sorted().toList();
        return String.format(Locale.ROOT, "%.1f / %.1f / %.1f s", sorted.get(0) / 1000.0,
                sorted.get(sorted.size() / 2) / 1000.0, sorted.get(sorted.size() - 1) / 1000.0);
    }
}
