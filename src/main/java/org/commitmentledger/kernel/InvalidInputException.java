package org.commitmentledger.kernel;

import java.util.List;

/** Input that is malformed or invalid on its own, before the ledger's state is consulted: 400. */
public class InvalidInputException extends RuntimeException {

    private final transient List<FieldProblem> problems;

    public InvalidInputException(String field, String message) {
        this(List.of(new FieldProblem(field, message)));
    }

    public InvalidInputException(List<FieldProblem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    public List<FieldProblem> problems() {
        return problems;
    }

    private static String describe(List<FieldProblem> problems) {
        StringBuilder text = new StringBuilder();
        for (FieldProblem p : problems) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            // "field: message", so that a message phrased as a sentence never runs into the field's name
            text.append(p.field() == null || p.field().isEmpty() ? p.message() : p.field() + ": " + p.message());
        }
        return text.toString();
    }

    /** One invalid field, as shown in the problem's {@code errors}. */
    public record FieldProblem(String field, String message) {
    }
}
