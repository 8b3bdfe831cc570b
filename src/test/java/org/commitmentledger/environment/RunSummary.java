package org.commitmentledger.environment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one place in the build's output that lists what the machine let the tagged tests do: printed when the test
 * run ends, just before Surefire's results, so a skip cannot scroll by unnoticed.
 */
final class RunSummary implements ExtensionContext.Store.CloseableResource {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RunSummary.class);

    private final Map<String, String> ran = new TreeMap<>();
    private final List<String> skipped = new ArrayList<>();
    private final List<String> failed = new ArrayList<>();

    static RunSummary of(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(RunSummary.class, k -> new RunSummary(),
                RunSummary.class);
    }

    synchronized void ran(String tag, String testClass, String against) {
        ran.merge(tag + " tests ran against " + against, testClass, (a, b) -> a + ", " + b);
    }

    synchronized void skipped(String tag, String testClass, String why) {
        skipped.add("  SKIPPED [" + tag + "] " + testClass + ": " + why);
    }

    synchronized void failed(String tag, String testClass, String why) {
        failed.add("  FAILED [" + tag + "] " + testClass + ": " + why);
    }

    @Override
    public synchronized void close() {
        StringBuilder out = new StringBuilder("\n");
        if (!failed.isEmpty()) {
            out.append("==== ").append(failed.size()).append(" test class(es) FAILED: CI=true and this machine lacks "
                    + "what they need ====\n");
            failed.forEach(line -> out.append(line).append('\n'));
            out.append("====\n");
        } else if (skipped.isEmpty()) {
            out.append("Tests that need PostgreSQL or a browser: none skipped.\n");
        } else {
            out.append("==== ").append(skipped.size()).append(" test class(es) SKIPPED: this machine lacks what they "
                    + "need (CI=true makes each a failure) ====\n");
            skipped.forEach(line -> out.append(line).append('\n'));
            out.append("====\n");
        }
        ran.forEach((what, classes) -> out.append("  ").append(what).append(": ").append(classes).append('\n'));
        System.out.print(out);
    }
}
