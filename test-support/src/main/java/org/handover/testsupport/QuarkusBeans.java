package org.handover.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.arc.Arc;
import io.quarkus.runtime.StartupEvent;

/**
 * Assertions on the beans of the Quarkus application a {@code @QuarkusTest} runs: for the beans a service gets from
 * a library jar (service-support) rather than declares, which only the service's own application can show it finds.
 */
public final class QuarkusBeans {

    private QuarkusBeans() {
    }

    /**
     * Asserts that a bean of {@code beanClass} observes {@link StartupEvent}: the application found it and runs it at
     * start.
     */
    public static void assertObservesStartup(Class<?> beanClass) {
        assertThat(Arc.container().beanManager().resolveObserverMethods(new StartupEvent()))
                .as("start-up observers of this application")
                .anySatisfy(observer -> assertThat(observer.getBeanClass()).isEqualTo(beanClass));
    }
}
