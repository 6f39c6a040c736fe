package dev.repmlp.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The engine stays headless (no GUI library, only the CLI prints to standard output) and its
 * packages form layers: no package cycles. The rule reads bytecode, so a dependency only on a
 * compile-time constant (inlined by javac, as {@code RunDirectory.CONFIG} once was for infer) is
 * not seen; it catches every call, field access and type use.
 */
class ArchitectureTest {

    private static final JavaClasses ENGINE =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.repmlp.engine");

    @Test
    void engineNeverDependsOnGuiLibraries() {
        noClasses()
                .that()
                .resideInAPackage("dev.repmlp.engine..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("javafx..", "org.controlsfx..", "org.jfree..")
                .check(ENGINE);
    }

    @Test
    void onlyTheCliWritesToStandardOutput() {
        noClasses()
                .that()
                .resideInAPackage("dev.repmlp.engine..")
                .and()
                .resideOutsideOfPackage("dev.repmlp.engine.cli..")
                .should()
                .accessField(System.class, "out")
                .check(ENGINE);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("dev.repmlp.engine.(*)..")
                .should()
                .beFreeOfCycles()
                .because("packages form layers (docs/architecture.md), so each can be read alone")
                .check(ENGINE);
    }
}
