package org.commitmentledger.security;

/** Human words for the role rules of {@link SecurityConfig}, used in 403 details. */
final class EndpointRules {

    private EndpointRules() {
    }

    static String describe(String method, String uri) {
        if (uri.startsWith("/actuator")) {
            return "actuator endpoints other than health are for ADMIN only";
        }
        if (uri.startsWith("/api/admin")) {
            return "operations under /api/admin are for ADMIN only";
        }
        if (uri.startsWith("/api/audit/proof/") || uri.startsWith("/api/audit/checkpoint")
                || uri.equals("/api/audit/public-key")) {
            return "proofs, checkpoints and the checkpoint key are for AUDITOR and ADMIN";
        }
        if (uri.startsWith("/api/funds/") && uri.endsWith("/changes")) {
            return "what changed between two record times is for AUDITOR and ADMIN";
        }
        if ("PUT".equals(method) && uri.startsWith("/api/members/")) {
            return "registering or revising members is for SECRETARIAT only";
        }
        if ("POST".equals(method) && (uri.equals("/api/funds") || uri.endsWith("/amendments")
                || uri.endsWith("/decisions"))) {
            return "proposing, amending and deciding funds is for SECRETARIAT only";
        }
        if ("POST".equals(method)) {
            return "objections, opt-outs and pledges are written by SECRETARIAT or the member's DELEGATE; "
                    + "AUDITOR and ADMIN record nothing in the ledger";
        }
        return "this method is not open to your role";
    }
}
