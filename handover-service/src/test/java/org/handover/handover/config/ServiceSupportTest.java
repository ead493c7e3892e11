package org.handover.handover.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.arc.Arc;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.arc.InjectableBean;
import java.time.Clock;
import org.handover.service.support.config.TopicPrefixCheck;
import org.handover.service.support.config.WallClockProducer;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.MetaApiResource;
import org.handover.testsupport.QuarkusBeans;
import org.junit.jupiter.api.Test;

/**
 * handover-service runs service-support's beans from its jar, and its own clock replaces the shared default one
 * without an ambiguous {@link Clock} (the application would not start otherwise).
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(MetaApiResource.class)
class ServiceSupportTest {

    @Test
    void checksTheTopicPrefixAtStart() {
        QuarkusBeans.assertObservesStartup(TopicPrefixCheck.class);
    }

    @Test
    void itsOwnClockReplacesTheSharedDefaultClock() {
        assertThat(Arc.container().select(Clock.class).isResolvable()).isTrue();
        InjectableBean<Clock> clock = Arc.container().select(Clock.class).getHandle().getBean();

        assertThat(clock.getBeanClass()).isNotEqualTo(WallClockProducer.class);
        assertThat(clock.getBeanClass().getPackageName()).startsWith("org.handover.handover.");
        assertThat(clock.isDefaultBean()).isFalse();
    }
}
