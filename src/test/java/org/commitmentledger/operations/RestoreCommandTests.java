package org.commitmentledger.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restore command's refusals that need no backup: wrong usage (exit 2) and a file it cannot trust (exit 1). */
class RestoreCommandTests {

    @TempDir
    Path dir;

    @Test
    void wrongUsageIsExitCodeTwoWithTheUsage() {
        assertThat(run()).startsWith("2 no backup file given").contains("usage: bin/ledger restore");
        assertThat(run("a.zip", "--digest", "ab".repeat(32))).startsWith("2 --digest and --sequence go together");
        assertThat(run("a.zip", "--sha256", "xyz")).startsWith("2 --sha256 takes 64 hex characters");
        assertThat(run("a.zip", "--data")).startsWith("2 an option lacks its value");
        assertThat(run("a.zip", "b.zip")).startsWith("2 unexpected argument b.zip");
    }

    @Test
    void aMissingFileOrAFileWithoutItsRecordedValuesIsRefused() throws Exception {
        assertThat(run(dir.resolve("none.zip").toString(), "--data", dir.resolve("t").toString()))
                .startsWith("1 restore refused: no backup file at");
        Path file = Files.write(dir.resolve("ledger.zip"), new byte[] {1, 2, 3});
        assertThat(run(file.toString(), "--data", dir.resolve("t").toString()))
                .startsWith("1 restore refused: no manifest").contains("--sha256 HEX --digest HEX --sequence N");
        assertThat(run(file.toString(), "--data", dir.resolve("t").toString(), "--sha256", "00".repeat(32),
                "--digest", "ab".repeat(32), "--sequence", "5")).startsWith("1 restore refused: the file's sha256 is");
        assertThat(dir.resolve("t")).doesNotExist();
    }

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = RestoreCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return code + " " + out.toString(StandardCharsets.UTF_8);
    }
}
