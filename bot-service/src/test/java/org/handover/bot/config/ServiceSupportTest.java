package org.handover.bot.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableBean;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Clock;
import java.time.ZoneOffset;
import org.handover.service.support.config.TopicPrefixCheck;
import org.handover.service.support.config.WallClockProducer;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.MetaApiResource;
import org.handover.testsupport.QuarkusBeans;
import org.junit.jupiter.api.Test;

/** bot-service runs service-support's beans from its jar: the topic-prefix check and the wall clock. */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(MetaApiResource.class)
class ServiceSupportTest {

    @Test
    void checksTheTopicPrefixAtStart() {
        QuarkusBeans.assertObservesStartup(TopicPrefixCheck.class);
    }

    @Test
    void runsOnTheSharedWallClock() {
        InjectableBean<Clock> clock = Arc.container().select(Clock.class).getHandle().getBean();

        assertThat(clock.getBeanClass()).isEqualTo(WallClockProducer.class);
        assertThat(Arc.container().select(Clock.class).get().getZone()).isEqualTo(ZoneOffset.UTC);
    }
}
