package org.handover.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The rules find what they are about: each is checked on fixture classes that break it ({@code archfixture}), and
 * the message names the offending class. (The no-ORM rule needs Hibernate's or JPA's types, which test-support does
 * not have; it is the plainest of them.)
 */
class ArchitectureRulesTest {

    private static final JavaClasses FIXTURES = new ClassFileImporter()
            .importPackages("org.handover.testsupport.archfixture");

    @Test
    void findsFrameworkTypesInTheDomain() {
        assertViolated(ArchitectureRules.DOMAIN_IS_PLAIN_JAVA, "KafkaMindedRule", "org.apache.kafka");
    }

    @Test
    void findsAResourceThatUsesARepository() {
        assertViolated(ArchitectureRules.RESOURCES_DO_NOT_TOUCH_REPOSITORIES, "StoreResource", "Store");
    }

    @Test
    void findsJdbcOutsideRepository() {
        assertViolated(ArchitectureRules.DATABASE_ONLY_IN_REPOSITORY, "Shortcuts", "javax.sql");
    }

    @Test
    void findsAnHttpCallOutsideClient() {
        assertViolated(ArchitectureRules.ONLY_CLIENT_CALLS_META, "Shortcuts", "java.net.http");
    }

    @Test
    void findsClientUsedFromOutsideConfig() {
        assertViolated(ArchitectureRules.CLIENT_ONLY_BEHIND_ITS_PORT, "MetaClient", "Shortcuts");
    }

    @Test
    void findsShadowModeReadOutsideConfig() {
        assertViolated(ArchitectureRules.SHADOW_MODE_READ_ONLY_IN_CONFIG, "Shortcuts", "shadowMode");
    }

    @Test
    void everyRuleIsRunByTheServices() {
        assertThat(ArchitectureRules.all().map(named -> named.getPayload())).containsExactlyInAnyOrder(
                ArchitectureRules.DOMAIN_IS_PLAIN_JAVA, ArchitectureRules.DATABASE_ONLY_IN_REPOSITORY, ArchitectureRules.NO_ORM,
                ArchitectureRules.RESOURCES_DO_NOT_TOUCH_REPOSITORIES, ArchitectureRules.ONLY_CLIENT_CALLS_META,
                ArchitectureRules.CLIENT_ONLY_BEHIND_ITS_PORT, ArchitectureRules.SHADOW_MODE_READ_ONLY_IN_CONFIG);
    }

    private static void assertViolated(ArchRule rule, String offender, String what) {
        assertThatThrownBy(() -> rule.check(FIXTURES)).isInstanceOf(AssertionError.class)
                .hasMessageContaining(offender).hasMessageContaining(what);
    }
}
