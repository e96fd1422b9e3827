package dev.kcaudit.audit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture.md, checked on the compiled provider: the top-level packages form no cycle,
 * and only the JPA store knows JPA (everything else reaches the stores through their provider interfaces).
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.kcaudit.audit");

    @Test
    void topLevelPackagesAreFreeOfCycles() {
        slices().matching("dev.kcaudit.audit.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void onlyTheJpaStoreUsesJpa() {
        noClasses().that().resideOutsideOfPackage("dev.kcaudit.audit.store.jpa..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.kcaudit.audit.store.jpa..",
                        "jakarta.persistence..")
                .because("the stores are reached through their provider interfaces (session.getProvider)")
                .check(CLASSES);
    }
}
