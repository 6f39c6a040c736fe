package dev.repmlp.engine.io;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The io package is pure Java: the model layer converts HostTensors to DJL arrays. */
class IoArchitectureTest {

    @Test
    void ioDoesNotDependOnDjlOrGuiLibraries() {
        JavaClasses classes =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.repmlp.engine.io");
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("ai.djl..", "javafx..", "dev.repmlp.engine.model..")
                .check(classes);
    }
}
