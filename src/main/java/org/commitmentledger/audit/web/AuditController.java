package org.commitmentledger.audit.web;

import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.commitmentledger.audit.ChainStore;
import org.commitmentledger.support.InvalidInputException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Audit")
class AuditController {

    private final ChainStore chain;

    AuditController(ChainStore chain) {
        this.chain = chain;
    }

    @GetMapping("/api/audit/digest")
    @Operation(summary = "The current head of the hash chain: a value to keep outside the system")
    Map<String, Object> digest() {
        ChainStore.Digest digest = chain.digest();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("sequence", digest.sequence());
        answer.put("head", digest.head());
        answer.put("recordedAt", digest.recordedAt());
        return answer;
    }

    @GetMapping("/api/audit/verify")
    @Operation(summary = "Recompute the hash chain from the stored events",
            description = "Without parameters: the whole chain against the stored hashes. With digest and sequence: "
                    + "whether the stored history still leads to that earlier digest.")
    Map<String, Object> verify(@RequestParam(required = false) String digest,
                               @RequestParam(required = false) String sequence) {
        if (digest == null && sequence == null) {
            ChainStore.Verification v = chain.verify();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("valid", v.valid());
            answer.put("events", v.events());
            answer.put("headSequence", v.headSequence());
            answer.put("head", v.head());
            if (!v.valid()) {
                answer.put("firstInvalidSequence", v.firstInvalidSequence());
                answer.put("reason", v.reason());
            }
            answer.put("millis", v.millis());
            return answer;
        }
        if (digest == null || !digest.matches("[0-9a-f]{64}")) {
            throw new InvalidInputException("digest", "must be 64 lowercase hex characters");
        }
        long at;
        try {
            at = Long.parseLong(sequence == null ? "" : sequence);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("sequence", "must be a whole number");
        }
        if (at < 1 || !chain.known(at)) {
            throw new InvalidInputException("sequence", "no event with sequence " + sequence + " was ever stored");
        }
        String actual = chain.recomputeUpTo(at).orElse(null);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("valid", digest.equals(actual));
        answer.put("sequence", at);
        answer.put("expected", digest);
        answer.put("actual", actual);
        if (actual == null) {
            answer.put("reason", "event " + at + " is missing from the stored history");
        }
        return answer;
    }
}
