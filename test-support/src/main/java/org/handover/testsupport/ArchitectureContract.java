package org.handover.testsupport;

import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every rule of {@link ArchitectureRules}, checked on one service's main classes. A service's test extends this with
 * nothing but its base package; the classes are imported once for all rules, each rule is one test in the report.
 */
public abstract class ArchitectureContract {

    private final String basePackage;

    /** @param basePackage the service's root package, e.g. {@code org.handover.bot} */
    protected ArchitectureContract(String basePackage) {
        this.basePackage = basePackage;
    }

    @TestFactory
    Stream<DynamicTest> everyRuleHolds() {
        JavaClasses main = ArchitectureRules.mainClasses(basePackage);
        return ArchitectureRules.all()
                .map(rule -> DynamicTest.dynamicTest(rule.getName(), () -> rule.getPayload().check(main)));
    }
}
