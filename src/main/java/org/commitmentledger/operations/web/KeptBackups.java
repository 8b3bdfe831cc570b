package org.commitmentledger.operations.web;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.commitmentledger.operations.BackupManifest;

/** The kept backups, newest first, each as the POST answered it. */
record KeptBackups(
        @Schema(description = "ledger.backup.directory")
        String directory,
        @Schema(description = "ledger.backup.keep: how many are kept, oldest removed first")
        int keep,
        List<BackupManifest> backups) {
}
