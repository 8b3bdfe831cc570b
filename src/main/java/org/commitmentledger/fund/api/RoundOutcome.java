package org.commitmentledger.fund.api;

public enum RoundOutcome {
    OPEN, ADOPTED, BLOCKED, SUPERSEDED
}
