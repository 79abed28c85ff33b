package io.telcred;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point inward: doors → domain → ground, and adapters (the store) → domain. The
 * domain knows no door and no framework. Every package a rule names exists, so that no rule
 * passes for want of classes to check.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.telcred");

    private static final String[] DOMAIN = {"io.telcred.account..", "io.telcred.auth..", "io.telcred.connection..",
            "io.telcred.credential..", "io.telcred.token..", "io.telcred.directory..", "io.telcred.location..",
            "io.telcred.event..", "io.telcred.secret..", "io.telcred.call..", "io.telcred.turn..",
            "io.telcred.user..", "io.telcred.callcontrol..", "io.telcred.webhook.."};

    private static final String[] GROUND = {"io.telcred.common..", "io.telcred.crypto..", "io.telcred.validation..",
            "io.telcred.metrics.."};

    private static final String[] DOORS = {"io.telcred.http..", "io.telcred.sip..", "io.telcred.rtc..", "io.telcred.portal.."};

    private static final String STORE = "io.telcred.store..";
    /** Redis for several nodes: an adapter beside the store, which the domain knows only as its events. */
    private static final String CLUSTER = "io.telcred.cluster..";
    /** The JSON forms of domain values, shared by the doors and the store. */
    private static final String JSON = "io.telcred.json..";
    private static final String WIRING = "io.telcred.main..";
    /** The media relay's adapter: the domain knows it only as {@code call.MediaRelay}. */
    private static final String RELAY = "io.telcred.rtpengine..";

    @Test
    void everyPackageTheRulesNameHasClasses() {
        Stream.of(DOMAIN, GROUND, DOORS, new String[] {STORE, CLUSTER, JSON, WIRING, RELAY}).flatMap(Arrays::stream).forEach(pattern ->
                assertThat(CLASSES.stream().anyMatch(c -> c.getPackageName().startsWith(pattern.replace("..", ""))))
                        .as(pattern).isTrue());
    }

    @Test
    void domainNeverImportsADoorTheStoreOrTheWiring() {
        noClasses().that().resideInAnyPackage(concat(DOMAIN, GROUND))
                .should().dependOnClassesThat().resideInAnyPackage(concat(DOORS, STORE, CLUSTER, JSON, WIRING, RELAY))
                .check(CLASSES);
    }

    /** The domain takes commands, not JSON: a door turns a body into a command. */
    @Test
    void domainUsesNoWebSqlJsonOrNetworkFramework() {
        noClasses().that().resideInAnyPackage(concat(DOMAIN, GROUND))
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "io.netty..",
                        "org.jdbi..", "java.sql..", "com.zaxxer..", "org.flywaydb..", "io.lettuce..",
                        "com.fasterxml.jackson..")
                .check(CLASSES);
    }

    @Test
    void groundKnowsNoDomain() {
        noClasses().that().resideInAnyPackage(GROUND).should().dependOnClassesThat().resideInAnyPackage(DOMAIN)
                .check(CLASSES);
    }

    @Test
    void doorsReachTheStoreOnlyThroughTheDomain() {
        noClasses().that().resideInAnyPackage(DOORS)
                .should().dependOnClassesThat().resideInAnyPackage(STORE, CLUSTER, WIRING, RELAY)
                .check(CLASSES);
    }

    @Test
    void doorsDoNotTalkToEachOther() {
        for (String door : DOORS) {
            String[] others = Arrays.stream(DOORS).filter(d -> !d.equals(door)).toArray(String[]::new);
            noClasses().that().resideInAPackage(door).should().dependOnClassesThat().resideInAnyPackage(others)
                    .check(CLASSES);
        }
    }

    @Test
    void jsonFormsKnowNoDoorNorTheStore() {
        noClasses().that().resideInAPackage(JSON)
                .should().dependOnClassesThat().resideInAnyPackage(concat(DOORS, STORE, WIRING))
                .check(CLASSES);
    }

    @Test
    void storeKnowsNoDoor() {
        noClasses().that().resideInAPackage(STORE)
                .should().dependOnClassesThat().resideInAnyPackage(concat(DOORS, WIRING))
                .check(CLASSES);
    }

    @Test
    void clusterKnowsNoDoorNorTheStore() {
        noClasses().that().resideInAPackage(CLUSTER)
                .should().dependOnClassesThat().resideInAnyPackage(concat(DOORS, STORE, WIRING, RELAY))
                .check(CLASSES);
    }

    /** Lettuce, and the Netty and Reactor it brings, stay inside the cluster adapter. */
    @Test
    void onlyTheClusterSpeaksRedis() {
        noClasses().that().resideOutsideOfPackage(CLUSTER).should().dependOnClassesThat()
                .resideInAnyPackage("io.lettuce..", "reactor..").check(CLASSES);
    }

    @Test
    void relayKnowsNoDoorNorTheStore() {
        noClasses().that().resideInAPackage(RELAY)
                .should().dependOnClassesThat().resideInAnyPackage(concat(DOORS, STORE, WIRING))
                .check(CLASSES);
    }

    @Test
    void packagesFormNoCycles() {
        slices().matching("io.telcred.(*)..").should().beFreeOfCycles().check(CLASSES);
        slices().matching("io.telcred.sip.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    /** The SIP door in layers: codec, transports, transactions, then registrar, proxy and b2bua, then the dispatcher. */
    @Test
    void sipLayersLookOnlyDownwards() {
        noClasses().that().resideInAPackage("io.telcred.sip.message..").should().dependOnClassesThat()
                .resideInAnyPackage("io.telcred.sip.transport..", "io.telcred.sip.transaction..", "io.telcred.sip.registrar..",
                        "io.telcred.sip.proxy..", "io.telcred.sip.b2bua..", "io.telcred.sip.core..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.telcred.sip.transport..").should().dependOnClassesThat()
                .resideInAnyPackage("io.telcred.sip.transaction..", "io.telcred.sip.registrar..", "io.telcred.sip.proxy..",
                        "io.telcred.sip.b2bua..", "io.telcred.sip.core..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.telcred.sip.transaction..").should().dependOnClassesThat()
                .resideInAnyPackage("io.telcred.sip.registrar..", "io.telcred.sip.proxy..", "io.telcred.sip.b2bua..",
                        "io.telcred.sip.core..")
                .check(CLASSES);
        noClasses().that().resideInAnyPackage("io.telcred.sip.registrar..", "io.telcred.sip.proxy..", "io.telcred.sip.b2bua..")
                .should().dependOnClassesThat().resideInAPackage("io.telcred.sip.core..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.telcred.sip.registrar..").should().dependOnClassesThat()
                .resideInAPackage("io.telcred.sip.proxy..").check(CLASSES);
        noClasses().that().resideInAPackage("io.telcred.sip.proxy..").should().dependOnClassesThat()
                .resideInAnyPackage("io.telcred.sip.registrar..", "io.telcred.sip.b2bua..").check(CLASSES);
        noClasses().that().resideInAPackage("io.telcred.sip.b2bua..").should().dependOnClassesThat()
                .resideInAnyPackage("io.telcred.sip.registrar..", "io.telcred.sip.proxy..").check(CLASSES);
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
