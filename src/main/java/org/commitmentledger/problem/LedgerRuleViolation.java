package org.commitmentledger.problem;

/** A command that contradicts the ledger's recorded state: answered 409, nothing is written. */
public class LedgerRuleViolation extends RuntimeException {

    public LedgerRuleViolation(String message) {
        super(message);
    }
}
