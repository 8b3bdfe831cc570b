package org.commitmentledger.audit.web;

import org.commitmentledger.audit.api.Checkpoint;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.commitmentledger.audit.Checkpoints;
import org.commitmentledger.audit.TreeStore;
import org.commitmentledger.kernel.Input;
import org.commitmentledger.kernel.InvalidInputException;
import org.commitmentledger.problem.UnknownResourceException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Proofs from the Merkle tree and the signed checkpoints they are checked against (ADR 0021, ADR 0022). */
@RestController
@Tag(name = "Audit")
class ProofController {

    private final TreeStore tree;
    private final Checkpoints checkpoints;

    ProofController(TreeStore tree, Checkpoints checkpoints) {
        this.tree = tree;
        this.checkpoints = checkpoints;
    }

    @GetMapping("/api/audit/proof/inclusion")
    @ApiResponse(responseCode = "200", description = "The inclusion proof")
    @ApiResponse(responseCode = "400", description = "Invalid input, or a tree size larger than the log")
    @ApiResponse(responseCode = "404", description = "No event with that sequence is stored")
    @Operation(summary = "RFC 9162 inclusion proof of one event in the tree of treeSize leaves",
            description = "treeSize defaults to the current tree size; keep it equal to a checkpoint's size to check "
                    + "the proof against that signed root.")
    InclusionProof inclusion(@RequestParam(required = false) String sequence,
                             @RequestParam(required = false) String treeSize) {
        Input input = Input.check();
        long at = whole(input, "sequence", sequence, true, 1);
        long size = whole(input, "treeSize", treeSize, false, 1);
        input.done();
        TreeStore.Head head = tree.head();
        if (treeSize == null) {
            size = head.size();
        } else if (size > head.size()) {
            throw new InvalidInputException("treeSize", "is larger than the tree (" + head.size() + " leaves)");
        }
        long leafIndex = tree.leafIndex(at).orElseThrow(() -> new UnknownResourceException(
                "no event with sequence " + at + " is in the Merkle tree"));
        if (leafIndex >= size) {
            throw new InvalidInputException("treeSize", "event " + at + " is leaf " + leafIndex
                    + ": a tree of " + size + " leaves does not contain it yet");
        }
        return InclusionProof.of(at, tree.inclusion(leafIndex, size));
    }

    @GetMapping("/api/audit/proof/consistency")
    @ApiResponse(responseCode = "200", description = "The consistency proof")
    @ApiResponse(responseCode = "400", description = "Invalid input: from > to, or a size larger than the log")
    @Operation(summary = "RFC 9162 consistency proof: the tree of `to` leaves extends the tree of `from` leaves")
    ConsistencyProof consistency(@RequestParam(required = false) String from,
                                 @RequestParam(required = false) String to) {
        Input input = Input.check();
        long first = whole(input, "from", from, true, 1);
        long second = whole(input, "to", to, false, 1);
        input.done();
        TreeStore.Head head = tree.head();
        long last = to == null ? head.size() : second;
        if (first > last) {
            throw new InvalidInputException("from", "must not be larger than to (" + last + ")");
        }
        if (last > head.size()) {
            throw new InvalidInputException(to == null ? "from" : "to", "is larger than the tree (" + head.size()
                    + " leaves)");
        }
        return ConsistencyProof.of(tree.consistency(first, last));
    }

    @GetMapping("/api/audit/checkpoint")
    @ApiResponse(responseCode = "200", description = "The latest signed checkpoint")
    @ApiResponse(responseCode = "404", description = "No checkpoint was signed yet")
    @Operation(summary = "The latest signed checkpoint (C2SP tlog-checkpoint as a signed note)")
    SignedCheckpoint checkpoint() {
        return checkpoints.latest().map(this::describe).orElseThrow(() -> new UnknownResourceException(
                "no checkpoint was signed yet: the ledger records no event, or the first one is being signed"));
    }

    @GetMapping("/api/audit/checkpoints")
    @ApiResponse(responseCode = "200", description = "The checkpoints")
    @ApiResponse(responseCode = "400", description = "Invalid input")
    @Operation(summary = "Every stored checkpoint of a tree larger than `after`, smallest first",
            description = "after defaults to 0, limit to 100 (at most 1000); next is the after value of the "
                    + "following page, null when none follows.")
    CheckpointPage checkpoints(@RequestParam(required = false) String after,
                               @RequestParam(required = false) String limit) {
        Input input = Input.check();
        long from = whole(input, "after", after, false, 0);
        long size = limit == null ? 100 : whole(input, "limit", limit, false, 1);
        if (size > 1000) {
            input.problem("limit", "must be between 1 and 1000");
        }
        input.done();
        List<Checkpoint> page = checkpoints.after(from, (int) size + 1);
        boolean more = page.size() > size;
        List<Checkpoint> shown = more ? page.subList(0, (int) size) : page;
        return new CheckpointPage(shown.stream().map(this::describe).toList(),
                more ? shown.get(shown.size() - 1).treeSize() : null);
    }

    @GetMapping("/api/audit/public-key")
    @Operation(summary = "The public key that signs checkpoints: keep it outside the system")
    CheckpointKey publicKey() {
        return new CheckpointKey("Ed25519", checkpoints.origin(), checkpoints.keyName(), checkpoints.keyId(),
                checkpoints.verifierKey(), checkpoints.publicKey(), checkpoints.publicKeyPem());
    }

    private SignedCheckpoint describe(Checkpoint checkpoint) {
        return SignedCheckpoint.of(checkpoint, checkpoints);
    }

    private static long whole(Input input, String field, String value, boolean required, long min) {
        if (value == null) {
            if (required) {
                input.problem(field, "is required");
            }
            return min;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed < min) {
                input.problem(field, "must be at least " + min);
            }
            return parsed;
        } catch (NumberFormatException e) {
            input.problem(field, "must be a whole number");
            return min;
        }
    }
}
