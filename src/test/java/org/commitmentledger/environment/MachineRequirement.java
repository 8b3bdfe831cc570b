package org.commitmentledger.environment;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a tagged test class only where the machine has what it needs. Elsewhere the class is skipped with one loud
 * line and listed again at the end of the run, so a green build on a bare machine says what it did not test. Under
 * {@code CI=true} a missing service fails the class instead: CI must never go green without these tests.
 */
abstract class MachineRequirement implements ExecutionCondition, BeforeAllCallback {

    /** The JUnit tag of the classes this requirement guards. */
    abstract String tag();

    /** Probes the machine; called once per JVM (implementations cache it). */
    abstract Availability availability();

    static boolean strict() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isPresent()) {
            // decided once for the class: its methods only inherit that decision
            return ConditionEvaluationResult.enabled("decided for the class");
        }
        Availability availability = availability();
        RunSummary summary = RunSummary.of(context);
        String testClass = context.getRequiredTestClass().getName();
        if (availability.available()) {
            summary.ran(tag(), testClass, availability.found());
            return ConditionEvaluationResult.enabled(availability.found());
        }
        if (strict()) {
            summary.failed(tag(), testClass, availability.missing());
            // fails in beforeAll, where a failure is reported against the class
            return ConditionEvaluationResult.enabled("CI=true: missing " + tag() + " fails the class");
        }
        String line = "SKIPPED [" + tag() + "] " + testClass + ": " + availability.missing() + ". To run it: "
                + availability.howToEnable() + ". (Under CI=true this is a failure, not a skip.)";
        System.out.println(line);
        summary.skipped(tag(), testClass, availability.missing() + "; to run it: " + availability.howToEnable());
        return ConditionEvaluationResult.disabled(line);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Availability availability = availability();
        if (!availability.available()) {
            throw new AssertionError("CI=true and the " + tag() + " tests cannot run: " + availability.missing()
                    + ". CI must provide it: " + availability.howToEnable());
        }
    }
}
