package dev.repmlp.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

/** Layering of the app: views draw, view-models (and background jobs) talk to the engine. */
@AnalyzeClasses(packages = "dev.repmlp.app", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule viewsDoNotUseTheEngine =
            noClasses()
                    .that()
                    .haveSimpleNameEndingWith("View")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("dev.repmlp.engine..")
                    .because(
                            "views bind to view-models; only view-models and jobs call the engine");

    @ArchTest
    static final ArchRule sharedViewPartsDoNotUseTheEngine =
            noClasses()
                    .that()
                    .resideInAnyPackage("dev.repmlp.app.ui..", "dev.repmlp.app.charts..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("dev.repmlp.engine..");

    @ArchTest
    static final ArchRule viewModelsAreNotNodes =
            classes()
                    .that()
                    .haveSimpleNameEndingWith("ViewModel")
                    .should()
                    .notBeAssignableTo(javafx.scene.Node.class)
                    .because("view-models hold state and logic, views hold nodes");

    @ArchTest
    static final ArchRule noStandardStreams =
            GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.because(
                    "the app logs through SLF4J");

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles =
            slices().matching("dev.repmlp.app.(*)..")
                    .should()
                    .beFreeOfCycles()
                    .because(
                            "pages share code through ui, charts, concurrent and the like, never"
                                    + " through each other in both directions");
}
