package org.commitmentledger.operations;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where online backups go and how many are kept ({@code ledger.backup.*}). The directory belongs on another disk than
 * the database: a backup beside the database is lost with it.
 */
@ConfigurationProperties("ledger.backup")
record BackupProperties(String directory, Integer keep) {

    public BackupProperties {
        directory = directory == null || directory.isBlank() ? "./backups" : directory;
        keep = keep == null || keep < 1 ? 7 : keep;
    }
}
