package org.handover.bot;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import org.handover.testsupport.ArchitectureRules;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The package rules every service keeps ({@link ArchitectureRules}), on bot-service's main classes. */
class ArchitectureTest {

    private static final JavaClasses MAIN = ArchitectureRules.mainClasses("org.handover.bot");

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.handover.testsupport.ArchitectureRules#all")
    void holds(ArchRule rule) {
        rule.check(MAIN);
    }
}
