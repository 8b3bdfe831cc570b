package org.commitmentledger.pledge.api;

/**
 * What a pledge commits: money, or goods and services delivered (equipment, ammunition, training) valued in EUR.
 * Trackers of support report the two apart; disbursements of an in-kind pledge are its deliveries, valued as today.
 */
public enum PledgeKind {
    MONEY,
    IN_KIND
}
