package dev.repmlp.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The engine stays headless: no GUI library, and only the CLI prints to standard output. */
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
}
