package org.commitmentledger.fund.api;

public enum FundStatus {
    PROPOSED, ADOPTED, BLOCKED
}
