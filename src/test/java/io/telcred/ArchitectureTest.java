package io.telcred;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Dependencies point inward: doors → domain → store. The domain knows no door and no framework. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.telcred");

    private static final String[] DOMAIN = {"io.telcred.account..", "io.telcred.connection..", "io.telcred.credential..",
            "io.telcred.token..", "io.telcred.directory..", "io.telcred.location..", "io.telcred.event..",
            "io.telcred.secret..", "io.telcred.common..", "io.telcred.crypto.."};

    private static final String[] DOORS = {"io.telcred.http..", "io.telcred.sip..", "io.telcred.rtc..", "io.telcred.portal.."};

    @Test
    void domainNeverImportsADoorTheStoreOrTheWiring() {
        noClasses().that().resideInAnyPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage(concat(DOORS, "io.telcred.store..", "io.telcred.main.."))
                .check(CLASSES);
    }

    @Test
    void domainUsesNoWebSqlOrNetworkFramework() {
        noClasses().that().resideInAnyPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "io.netty..",
                        "org.jdbi..", "java.sql..", "com.zaxxer..", "org.flywaydb..", "io.lettuce..")
                .check(CLASSES);
    }

    @Test
    void doorsReachTheStoreOnlyThroughTheDomain() {
        noClasses().that().resideInAnyPackage(DOORS)
                .should().dependOnClassesThat().resideInAnyPackage("io.telcred.store..", "io.telcred.main..")
                .check(CLASSES);
    }

    @Test
    void doorsDoNotTalkToEachOther() {
        for (String door : DOORS) {
            String[] others = java.util.Arrays.stream(DOORS).filter(d -> !d.equals(door)).toArray(String[]::new);
            noClasses().that().resideInAPackage(door).should().dependOnClassesThat().resideInAnyPackage(others)
                    .allowEmptyShould(true).check(CLASSES);
        }
    }

    @Test
    void storeKnowsNoDoor() {
        noClasses().that().resideInAPackage("io.telcred.store..")
                .should().dependOnClassesThat().resideInAnyPackage(concat(DOORS, "io.telcred.main.."))
                .check(CLASSES);
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
