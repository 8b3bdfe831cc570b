package org.commitmentledger.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.yaml.snakeyaml.Yaml;

/**
 * The real ledger as a separate operating-system process: {@code java -jar} on the built jar, its own H2 file, a free
 * port on 127.0.0.1, its output in a log file. It can be killed with SIGKILL ({@link Process#destroyForcibly()} on
 * Linux), which gives the JVM no chance to run shutdown hooks, flush or close anything.
 */
final class LedgerProcess {

    /** Every ledger this JVM started: killed if the JVM exits before the run stops them (a run that is cut short). */
    private static final java.util.Set<Process> STARTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(Process::destroyForcibly),
                "kill-started-ledgers"));
    }

    private final Process process;
    private final int port;
    private final Path log;

    private LedgerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * The datasource URL the jar ships (application.yml, read from the source tree: the jar is built from it) with
     * its database path replaced by {@code database}. The shipped settings stay, so the runs test them; settings named
     * in {@code -Dreliability.dropUrlSettings=A,B} are removed (to show what they guard against).
     */
    static String shippedUrl(Path database) {
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.yml"))) {
            Map<?, ?> yaml = new Yaml().load(in);
            Map<?, ?> spring = (Map<?, ?>) yaml.get("spring");
            String url = (String) ((Map<?, ?>) spring.get("datasource")).get("url");
            Matcher path = Pattern.compile("^jdbc:h2:file:([^;]+)").matcher(url);
            if (!path.find()) {
                throw new IllegalStateException("the shipped datasource URL is not an H2 file URL: " + url);
            }
            String result = "jdbc:h2:file:" + database.toAbsolutePath() + url.substring(path.end());
            for (String setting : System.getProperty("reliability.dropUrlSettings", "").split(",")) {
                if (!setting.isBlank()) {
                    result = result.replaceAll("(?i);" + Pattern.quote(setting.trim()) + "=[^;]*", "");
                }
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The jar to run: {@code -Dreliability.jar}, else the one {@code mvn package} built under target/. */
    static Path jar() {
        String named = System.getProperty("reliability.jar", "");
        if (!named.isBlank()) {
            return Path.of(named);
        }
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("commitment-ledger-.*\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException(
                            "no target/commitment-ledger-*.jar: run mvn package -DskipTests (reliability/run.sh does)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the jar and waits (bounded) until /actuator/health answers 200. */
    static LedgerProcess start(String datasourceUrl, Path log, Duration limit) {
        return start(datasourceUrl, log, limit, "");
    }

    /**
     * The same, with JVM options added to {@code -Dreliability.jvmArgs} (default {@code -Xmx512m}), e.g. the crash
     * run's {@code -XX:TieredStopAtLevel=1}: its 20 restarts are start-up time, not steady-state throughput.
     */
    static LedgerProcess start(String datasourceUrl, Path log, Duration limit, String jvmOptions) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        for (String option : (System.getProperty("reliability.jvmArgs", "-Xmx512m") + " " + jvmOptions)
                .split("\\s+")) {
            if (!option.isBlank()) {
                command.add(option);
            }
        }
        command.addAll(List.of("-jar", jar().toAbsolutePath().toString()));
        return launch(command, port, datasourceUrl, log, limit, List.of());
    }

    /**
     * Starts the ledger from this JVM's class path (the tests' own build, no jar needed) with extra application
     * arguments, and waits (bounded) until /actuator/health answers 200.
     */
    static LedgerProcess startFromClassPath(String datasourceUrl, Path log, Duration limit, String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "org.commitmentledger.LedgerApplication"));
        return launch(command, freePort(), datasourceUrl, log, limit, List.of(arguments));
    }

    private static LedgerProcess launch(List<String> command, int port, String datasourceUrl, Path log,
                                        Duration limit, List<String> arguments) {
        command.addAll(List.of("--server.address=127.0.0.1", "--server.port=" + port,
                "--spring.datasource.url=" + datasourceUrl));
        command.addAll(arguments);
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            STARTED.add(process);
            LedgerProcess ledger = new LedgerProcess(process, port, log);
            ledger.awaitHealthy(limit);
            return ledger;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitHealthy(Duration limit) {
        LedgerClient client = new LedgerClient(port);
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the ledger exited with " + process.exitValue() + " during start-up; "
                        + "see " + log);
            }
            if (client.get("auditor", "/actuator/health").status() == 200) {
                return;
            }
            LedgerClient.sleep(200);
        }
        killHard();
        throw new IllegalStateException("the ledger did not become healthy within " + limit + "; see " + log);
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    LedgerClient client() {
        return new LedgerClient(port);
    }

    /** SIGKILL, then waits for the process to be gone (its file lock released by the operating system). */
    void killHard() {
        process.destroyForcibly();
        awaitExit();
    }

    /** SIGTERM: Spring's graceful shutdown, H2 closed cleanly. */
    void stop() {
        process.destroy();
        awaitExit();
    }

    private void awaitExit() {
        STARTED.remove(process);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Removes a run's directory (its H2 file, logs) before the run starts afresh. */
    static void deleteDirectory(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
