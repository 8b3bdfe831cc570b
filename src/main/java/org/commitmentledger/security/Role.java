package org.commitmentledger.security;

/** The roles of the contract; a user has exactly one. */
enum Role {
    AUDITOR, SECRETARIAT, DELEGATE, ADMIN;

    String authority() {
        return "ROLE_" + name();
    }
}
