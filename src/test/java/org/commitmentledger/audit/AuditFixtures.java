package org.commitmentledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.tools.ToolProvider;

import org.commitmentledger.LedgerHttpTest;

/** Writes that give the audit tests events to chain, and the independent verifier run as an auditor would run it. */
final class AuditFixtures {

    private AuditFixtures() {
    }

    /** Proposes a fund and amends it until it has {@code events} events; their global sequences, in order. */
    static List<Long> fundWithAmendments(LedgerHttpTest.Client secretariat, String fundId, int events, String reason) {
        List<Long> sequences = new ArrayList<>();
        LedgerHttpTest.Response proposed = secretariat.post("/api/funds", """
                {"fundId":"%s","name":"Audited fund","targetEur":"1000.00","periodStart":"2025-01-01",
                 "periodEnd":"2025-12-31","decisionDeadline":"2024-07-01T00:00:00Z",
                 "effectiveAt":"2024-04-01T00:00:00Z"}""".formatted(fundId));
        assertThat(proposed.status()).as(proposed.toString()).isEqualTo(201);
        sequences.add(proposed.json().get("sequence").asLong());
        for (int i = 1; i < events; i++) {
            String body = """
                    {"targetEur":"%d.25","periodStart":"2025-01-01","periodEnd":"2025-12-31",
                     "decisionDeadline":"2024-07-01T00:00:00Z","reason":"%s %d",
                     "effectiveAt":"2024-04-%02dT00:00:00Z"}""".formatted(1000 + i, reason, i, 1 + i);
            LedgerHttpTest.Response amended = secretariat.post("/api/funds/" + fundId + "/amendments", body);
            assertThat(amended.status()).as(amended.toString()).isEqualTo(200);
            sequences.add(amended.json().get("sequence").asLong());
        }
        return sequences;
    }

    /** What docs/audit/Verify.java printed, and how it exited. */
    record Run(int exitCode, String output) {

        /** The value of the line {@code name VALUE}, or null. */
        String line(String name) {
            return output.lines().filter(l -> l.startsWith(name + " ")).map(l -> l.substring(name.length() + 1))
                    .findFirst().orElse(null);
        }
    }

    /**
     * Runs the shipped verifier with the JDK running the tests, as {@code java docs/audit/Verify.java URL auditor ...}
     * with the password in LEDGER_PASSWORD, as an auditor's script passes it.
     */
    static Run verifier(int port, String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", compiledVerifier().toString(), "Verify", "http://localhost:" + port, "auditor"));
        command.addAll(List.of(arguments));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("LEDGER_PASSWORD", "auditor");
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the verifier finished").isTrue();
            return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("could not start the verifier", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while the verifier ran", e);
        }
    }

    /**
     * docs/audit/Verify.java compiled once per change into target/, so that each run starts a JVM only (the
     * source launcher would compile it again for every run: seconds each on a busy machine). {@link
     * VerifyProgramTests} also runs it the way the docs say, from source.
     */
    static synchronized Path compiledVerifier() {
        Path source = Path.of("docs", "audit", "Verify.java").toAbsolutePath();
        Path classes = Path.of("target", "verify-classes").toAbsolutePath();
        Path compiled = classes.resolve("Verify.class");
        try {
            if (!Files.exists(compiled)
                    || Files.getLastModifiedTime(compiled).compareTo(Files.getLastModifiedTime(source)) < 0) {
                Files.createDirectories(classes);
                int result = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                        source.toString());
                assertThat(result).as("docs/audit/Verify.java compiles").isZero();
            }
        } catch (IOException e) {
            throw new AssertionError("could not compile the verifier", e);
        }
        return classes;
    }
}
