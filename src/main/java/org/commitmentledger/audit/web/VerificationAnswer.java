package org.commitmentledger.audit.web;

import io.swagger.v3.oas.annotations.media.Schema;

/** What /api/audit/verify answers: the whole chain checked, or one earlier digest checked. */
@Schema(oneOf = {ChainVerification.class, DigestVerification.class})
sealed interface VerificationAnswer permits ChainVerification, DigestVerification {
}
