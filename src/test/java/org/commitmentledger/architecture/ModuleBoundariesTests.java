package org.commitmentledger.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries of ADR 0052, held by a test so that they survive the next deadline: a feature reaches another
 * only through that feature's {@code api}; the shared modules depend on no feature's inside; nothing imports
 * {@code config}; and no package depends on itself through others.
 */
class ModuleBoundariesTests {

    static final String ROOT = "org.commitmentledger";

    /** Features: what they keep outside {@code api} is theirs alone. */
    static final List<String> FEATURES = List.of("member", "fund", "pledge", "history", "audit", "projection",
            "operations", "demo", "idempotency", "security");

    /** Shared modules: used whole by the features, and themselves free of every feature's inside. */
    static final List<String> SHARED = List.of("eventlog", "kernel", "problem", "read", "write");

    private static JavaClasses ledger;

    @BeforeAll
    static void importTheLedger() {
        ledger = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(ROOT);
    }

    @Test
    void aFeatureIsReachedOnlyThroughItsApi() {
        ArchRule rule = CompositeArchRule.of(FEATURES.stream().map(ModuleBoundariesTests::onlyThroughApi).toList());
        rule.check(ledger);
    }

    static ArchRule onlyThroughApi(String feature) {
        String inside = ROOT + "." + feature + "..";
        return noClasses().that().resideOutsideOfPackage(inside)
                .should().dependOnClassesThat(resideInAPackage(inside)
                        .and(not(resideInAPackage(ROOT + "." + feature + ".api.."))))
                .as(feature + " is reached from outside only through " + feature + ".api");
    }

    @Test
    void noModuleDependsOnConfiguration() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".config..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".config..")
                .as("config is a leaf: it wires the modules, and no module depends on it")
                .check(ledger);
    }

    @Test
    void sharedModulesDependOnNoFeature() {
        String[] features = FEATURES.stream().map(f -> ROOT + "." + f + "..").toArray(String[]::new);
        String[] shared = SHARED.stream().map(s -> ROOT + "." + s + "..").toArray(String[]::new);
        noClasses().that().resideInAnyPackage(shared)
                .should().dependOnClassesThat(resideInAPackage(ROOT + "..")
                        .and(resideInAnyPackage(features))
                        .and(not(resideInAPackage("..api.."))))
                .as("shared modules use no feature's inside")
                .check(ledger);
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles()
                .as("no cycles between the ledger's packages")
                .check(ledger);
    }

    /**
     * Package-private by default: a public type outside an {@code api} package must be used from another package
     * of the ledger (its feature's {@code web}, a shared module's users). A type public for tests alone fails; its
     * tests belong in its package. Types that a framework instantiates by name, and holders of constants, are the
     * exceptions, listed here.
     */
    @Test
    void aTypeIsPublicOnlyWhereAnotherPackageUsesIt() {
        Set<String> loadedByName = Set.of(
                ROOT + ".LedgerApplication",
                ROOT + ".write.TimeOrderedIdentifierFactory",
                ROOT + ".problem.ProblemErrorReportValve",
                ROOT + ".operations.RestoreCommand",
                // read only through compile-time constants in annotations, which javac inlines out of sight
                ROOT + ".kernel.AnswerFormats");
        classes()
                .that().arePublic().and().areTopLevelClasses()
                .and().resideOutsideOfPackage("..api..")
                .should(new ArchCondition<JavaClass>(
                        "be used from another package") {
                    @Override
                    public void check(JavaClass type,
                                      ConditionEvents events) {
                        boolean used = loadedByName.contains(type.getName())
                                || type.getDirectDependenciesToSelf().stream().anyMatch(d ->
                                        !d.getOriginClass().getPackageName().equals(type.getPackageName()));
                        if (!used) {
                            events.add(SimpleConditionEvent.violated(type, type.getName()
                                    + " is public, but no other package uses it: make it package-private"));
                        }
                    }
                })
                .as("a type is public only where another package uses it")
                .check(ledger);
    }

    @Test
    void everyClassLivesInAModule() {
        String[] modules = Stream.concat(
                        Stream.concat(FEATURES.stream(), SHARED.stream()), Stream.of("config"))
                .map(m -> ROOT + "." + m + "..").toArray(String[]::new);
        classes().that().resideOutsideOfPackage(ROOT)
                .should().resideInAnyPackage(modules)
                .as("every class lives in a feature, a shared module or config, so the rules above see it")
                .check(ledger);
    }
}
