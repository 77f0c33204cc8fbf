package dev.pulseboard.deploy.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import dev.pulseboard.deploy.architecture.Modules.Module;
import org.junit.jupiter.api.Test;

/**
 * The architecture as rules (CONVENTIONS.md): what may depend on what. Each rule names why it exists, so a failure
 * explains itself.
 */
class ArchitectureTest {

    @Test
    void metricsContractDependsOnNoFramework() {
        ArchRule rule = classes()
                .that()
                .resideInAPackage("dev.pulseboard.contract..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "dev.pulseboard.contract..",
                        "java..",
                        "com.google.protobuf..",
                        "org.apache.kafka.clients..",
                        "org.apache.kafka.common..",
                        "com.jayway.jsonpath..",
                        "com.datadoghq.sketch.ddsketch..",
                        "org.apache.datasketches..")
                .because("metrics-contract is shared by the gateway, the query frontend, the pipeline and"
                        + " tenant-service, which run on different frameworks; it may only use the JDK, protobuf, the"
                        + " Kafka client (the tenant-limits feed, the key directory), Jayway JsonPath (webhook mappings,"
                        + " plain Java; excluded from the pipeline's jar, which never maps a webhook) and the two sketch"
                        + " libraries of the fold arithmetic the gateway and the pipeline share (DDSketch, DataSketches"
                        + " HLL; plain Java)");
        rule.check(Modules.MAIN);
    }

    @Test
    void resourcesStayThin() {
        noClasses()
                .that()
                .areAnnotatedWith("jakarta.ws.rs.Path")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.kafka..",
                        "java.net.http..",
                        "io.vertx.core.http..",
                        "io.vertx.ext.web.client..",
                        "org.eclipse.microprofile.rest.client..",
                        "org.jboss.resteasy.reactive.client..")
                .because("a JAX-RS resource translates HTTP to a service call; Kafka and HTTP clients belong in the"
                        + " services it calls (CONVENTIONS.md: thin resources)")
                .check(Modules.MAIN);
    }

    @Test
    void modulesMeetOnlyThroughMetricsContract() {
        for (Module m : Modules.ALL) {
            if (m.equals(Modules.CONTRACT)) {
                continue;
            }
            String[] others = Modules.ALL.stream()
                    .filter(o -> !o.equals(m) && !o.equals(Modules.CONTRACT))
                    .map(o -> o.rootPackage() + "..")
                    .toArray(String[]::new);
            noClasses()
                    .that()
                    .resideInAPackage(m.rootPackage() + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(others)
                    .because("each module is its own deployable; what two of them share lives in metrics-contract")
                    .check(Modules.MAIN);
        }
    }

    @Test
    void internalPackagesAreNotReachedFromOtherModules() {
        for (Module m : Modules.ALL) {
            noClasses()
                    .that()
                    .resideOutsideOfPackage(m.rootPackage() + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage(m.rootPackage() + "..internal..")
                    .because("a module's internal packages are its own implementation, not its API")
                    .allowEmptyShould(true)
                    .check(Modules.MAIN);
        }
    }
}
