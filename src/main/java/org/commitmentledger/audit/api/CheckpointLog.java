package org.commitmentledger.audit.api;

import java.util.Optional;

/** The signed checkpoints as other modules may read them: the newest, and the key an auditor verifies them with. */
public interface CheckpointLog {

    Optional<Checkpoint> latest();

    /** The signed-note verifier key ({@code name+keyid+key}) of the checkpoints' signing key. */
    String verifierKey();
}
