package org.commitmentledger.audit.web;

import java.util.Locale;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.commitmentledger.audit.ChainStore;
import org.commitmentledger.audit.VerificationGate;
import org.commitmentledger.kernel.Input;
import org.commitmentledger.kernel.InvalidInputException;
import org.commitmentledger.problem.ProblemHandling;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Audit")
class AuditController {

    private static final Pattern HEX_64 = Pattern.compile("[0-9a-fA-F]{64}");

    private final ChainStore chain;
    private final VerificationGate fullRuns;

    AuditController(ChainStore chain, VerificationGate fullRuns) {
        this.chain = chain;
        this.fullRuns = fullRuns;
    }

    @GetMapping("/api/audit/digest")
    @Operation(summary = "The current head of the hash chain: a value to keep outside the system")
    ChainDigest digest() {
        return ChainDigest.of(chain.digest());
    }

    @GetMapping("/api/audit/verify")
    @ApiResponse(responseCode = "200", description = "The verification")
    @ApiResponse(responseCode = "400", description = "Invalid input: a digest without its sequence, or a sequence never stored")
    @ApiResponse(responseCode = "409", description = "Another full verification is running: Retry-After")
    @Operation(summary = "Recompute the hash chain from the stored events",
            description = "Without parameters: the whole chain against the stored hashes, and the Merkle tree against "
                    + "its stored leaves and the signed checkpoints; one run at a time, a concurrent caller gets the "
                    + "same run's answer or 409 with Retry-After. With digest and sequence: whether the stored history "
                    + "still leads to that earlier digest.")
    VerificationAnswer verify(@RequestParam(required = false) String digest,
                              @RequestParam(required = false) String sequence) {
        if (digest == null && sequence == null) {
            return ChainVerification.of(fullRuns.verify());
        }
        Input input = Input.check();
        String expected = null;
        if (digest == null || !HEX_64.matcher(digest).matches()) {
            input.problem("digest", "must be 64 hexadecimal characters, as /api/audit/digest gave it");
        } else {
            expected = digest.toLowerCase(Locale.ROOT);
        }
        long at = 0;
        if (sequence == null) {
            input.problem("sequence", "is required with digest");
        } else {
            try {
                at = Long.parseLong(sequence);
                if (at < 1) {
                    input.problem("sequence", "must be at least 1");
                }
            } catch (NumberFormatException e) {
                input.problem("sequence", "must be a whole number");
            }
        }
        input.done();
        if (!chain.known(at)) {
            throw new InvalidInputException("sequence", "no event with sequence " + at + " is stored, nor its chain "
                    + "entry; if the ledger once gave you a digest at this sequence, that part of its history is gone");
        }
        ChainStore.Replay replay = chain.recomputeUpTo(at);
        boolean valid = expected.equals(replay.hash());
        String reason = valid ? null : replay.problem() != null ? replay.problem()
                : "the stored events lead to another hash at sequence " + at + ": an event at or before it was "
                + "altered, removed, reordered or inserted since the digest was taken";
        return new DigestVerification(valid, at, expected, replay.hash(), reason);
    }

    @ExceptionHandler(VerificationGate.Busy.class)
    ResponseEntity<ProblemDetail> busy(VerificationGate.Busy e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemHandling.problem(HttpStatus.CONFLICT, "verification-running", "Verification running",
                        e.getMessage() + "; ask again after " + e.retryAfterSeconds() + " s"));
    }
}
