package org.handover.service.support.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.arc.Arc;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.ZoneOffset;
import org.handover.service.support.rest.AdminTokenFilter;
import org.junit.jupiter.api.Test;

/**
 * The CDI beans of this module as Quarkus runs them. (That a service finds them in this jar, through its beans.xml,
 * is shown by the services' own tests.)
 */
@QuarkusTest
class SupportBeansTest {

    @Inject
    Clock clock;

    @Test
    void theTopicPrefixCheckObservesStartup() {
        assertThat(Arc.container().beanManager().resolveObserverMethods(new StartupEvent()))
                .anySatisfy(observer -> assertThat(observer.getBeanClass()).isEqualTo(TopicPrefixCheck.class));
    }

    @Test
    void theAdminFilterIsCreatedAtStartSoThatAnUnsetTokenStopsTheService() {
        assertThat(Arc.container().beanManager().resolveObserverMethods(new StartupEvent()))
                .anySatisfy(observer -> assertThat(observer.getBeanClass()).isEqualTo(AdminTokenFilter.class));
    }

    @Test
    void theDefaultClockIsTheWallClockInUtc() {
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(Arc.container().select(Clock.class).getHandle().getBean().getBeanClass())
                .isEqualTo(WallClockProducer.class);
        assertThat(Arc.container().select(Clock.class).getHandle().getBean().isDefaultBean()).isTrue();
    }
}
