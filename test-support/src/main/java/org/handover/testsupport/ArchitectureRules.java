package org.handover.testsupport;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * The package rules every service keeps (README, "Inside a service"), as ArchUnit rules. Each service runs
 * {@link #all()} on its own main classes ({@link #mainClasses(String)}) in a plain JUnit test that extends
 * {@link ArchitectureContract}, so a class in the wrong place fails the build, with the rule's reason in the message.
 *
 * <p>Packages are matched by role, whatever the service: {@code ..domain..}, {@code ..rest..} (and {@code ..ui..},
 * handover-service's HTML pages), {@code ..repository..}, {@code ..client..}, {@code ..config..}.
 */
public final class ArchitectureRules {

    /** Framework packages a domain class may not use: persistence, Quarkus, CDI, messaging, REST, configuration. */
    private static final String[] FRAMEWORKS = {
        "jakarta.persistence..", "javax.persistence..", "org.hibernate..", "io.quarkus..",
        "jakarta.enterprise..", "jakarta.inject..", "jakarta.transaction..",
        "io.smallrye.reactive.messaging..", "org.eclipse.microprofile.reactive.messaging..", "org.apache.kafka..",
        "jakarta.ws.rs..", "org.jboss.resteasy..", "org.eclipse.microprofile.rest.client..", "io.vertx..",
        "org.eclipse.microprofile.config..", "io.smallrye.config..", "io.smallrye.faulttolerance..", "io.micrometer.."};

    /** What talks HTTP to another system: Meta's APIs are the only such system the services call. */
    private static final String[] HTTP_CLIENTS = {
        "org.eclipse.microprofile.rest.client..", "io.quarkus.rest.client..", "org.jboss.resteasy.reactive.client..",
        "jakarta.ws.rs.client..", "java.net.http.."};

    /** Decision logic is plain Java: unit-testable without a container, a broker or a database. */
    public static final ArchRule DOMAIN_IS_PLAIN_JAVA = noClasses().that().resideInAPackage("..domain..")
            .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
            .because("domain holds the plain-Java decision logic; frameworks belong to the other packages");

    /** What reaches the database: JDBC, the pool, and service-support's {@code Sql} (its failure type excepted). */
    private static final String[] DATABASE = {"java.sql..", "javax.sql..", "io.agroal.."};

    /**
     * Only {@code repository} runs SQL: the rest of the service sees domain types and calls repositories, so every
     * statement and the rows it maps live in one package. A service may catch {@code Sql.SqlFailure} (a nested class,
     * so not {@code Sql} itself).
     */
    public static final ArchRule DATABASE_ONLY_IN_REPOSITORY = noClasses().that().resideOutsideOfPackage("..repository..")
            .should().dependOnClassesThat().resideInAnyPackage(DATABASE)
            .orShould().dependOnClassesThat().haveFullyQualifiedName("org.handover.service.support.jdbc.Sql")
            .because("repositories are the one place that runs SQL and maps rows to domain types")
            .allowEmptyShould(true);

    /** No ORM: the repositories are plain SQL (an ORM cost a fifth of a service's classes and a flush per commit). */
    public static final ArchRule NO_ORM = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "javax.persistence..",
                    "org.hibernate..", "io.quarkus.hibernate..", "io.quarkus.panache..")
            .because("the services run their SQL through service-support's Sql; Hibernate ORM left them")
            .allowEmptyShould(true);

    /** HTTP resources go through services, never straight to the database. */
    public static final ArchRule RESOURCES_DO_NOT_TOUCH_REPOSITORIES = noClasses()
            .that().resideInAnyPackage("..rest..", "..ui..")
            .or().areAnnotatedWith("jakarta.ws.rs.Path")
            .should().dependOnClassesThat().resideInAPackage("..repository..")
            .because("resources call services, which own transactions and the rules applied on the way")
            .allowEmptyShould(true);

    /** Only the Meta port's implementation, in {@code client}, holds a REST client or any other HTTP client. */
    public static final ArchRule ONLY_CLIENT_CALLS_META = noClasses().that().resideOutsideOfPackage("..client..")
            .should().dependOnClassesThat().resideInAnyPackage(HTTP_CLIENTS)
            .orShould().dependOnClassesThat()
                    .areAnnotatedWith("org.eclipse.microprofile.rest.client.inject.RegisterRestClient")
            .because("Meta is called only through the service's port, implemented in client");

    /**
     * Nothing but {@code config} (the producer that chooses the port's implementation at start) uses {@code client}:
     * the rest of the service sees Meta through its port interface only.
     */
    public static final ArchRule CLIENT_ONLY_BEHIND_ITS_PORT = classes().that().resideInAPackage("..client..")
            .should().onlyHaveDependentClassesThat().resideInAnyPackage("..client..", "..config..")
            .because("services call the port; config chooses its real or shadow implementation once, at start")
            .allowEmptyShould(true);

    /**
     * Shadow mode is decided once, at start, where the implementations are chosen ({@code config}); no other class
     * asks for it.
     */
    public static final ArchRule SHADOW_MODE_READ_ONLY_IN_CONFIG = noClasses().that()
            .resideOutsideOfPackage("..config..")
            .should().callMethodWhere(target(name("shadowMode")))
            .because("shadow mode picks the port's and the clock's implementation at start; nothing else checks it");

    private ArchitectureRules() {
    }

    /** Every rule, named for the test report. */
    public static Stream<Named<ArchRule>> all() {
        return Stream.of(
                Named.of("domain is plain Java", DOMAIN_IS_PLAIN_JAVA),
                Named.of("database only in repository", DATABASE_ONLY_IN_REPOSITORY),
                Named.of("no ORM", NO_ORM),
                Named.of("resources do not touch repositories", RESOURCES_DO_NOT_TOUCH_REPOSITORIES),
                Named.of("only client calls Meta", ONLY_CLIENT_CALLS_META),
                Named.of("client only behind its port", CLIENT_ONLY_BEHIND_ITS_PORT),
                Named.of("shadow mode read only in config", SHADOW_MODE_READ_ONLY_IN_CONFIG));
    }

    /** The service's own classes under {@code basePackage}, from its main output only (no test class). */
    public static JavaClasses mainClasses(String basePackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(basePackage);
    }
}
