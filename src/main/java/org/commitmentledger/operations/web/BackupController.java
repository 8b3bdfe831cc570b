package org.commitmentledger.operations.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.commitmentledger.operations.BackupManifest;
import org.commitmentledger.operations.Backups;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Admin")
@PreAuthorize("hasRole('ADMIN')")
class BackupController {

    private final Backups backups;

    BackupController(Backups backups) {
        this.backups = backups;
    }

    @PostMapping("/api/admin/backups")
    @ApiResponse(responseCode = "201", description = "The backup was written and its copy verified")
    @ApiResponse(responseCode = "409", description = "Not on embedded H2, or a backup is being taken on this node")
    @ApiResponse(responseCode = "503", description = "The copy could not be written or does not verify; nothing kept")
    @Operation(summary = "Take an online backup of the embedded H2 database while writes continue",
            description = "ADMIN only; body {}. Answers the file, its size and sha256, and what it holds: the last "
                    + "sequence, the hash chain's digest there, the Merkle tree's size and root. Keep sha256 and "
                    + "digest elsewhere: bin/ledger restore checks the file against them.")
    ResponseEntity<BackupManifest> take() {
        return ResponseEntity.status(HttpStatus.CREATED).body(backups.take());
    }

    @GetMapping("/api/admin/backups")
    @Operation(summary = "The kept backups, newest first, with the directory and how many are kept")
    KeptBackups list() {
        return new KeptBackups(backups.directory().toString(), backups.keep(), backups.list());
    }
}
