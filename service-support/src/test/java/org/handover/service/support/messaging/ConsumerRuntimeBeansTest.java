package org.handover.service.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.ClientCustomizer;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.util.TypeLiteral;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The consumer runtime's beans as a service gets them: SmallRye finds them by type or name at run time, so they must
 * survive ArC's removal of unused beans.
 */
@QuarkusTest
class ConsumerRuntimeBeansTest {

    @Test
    void theStaticMembershipCustomizerReachesTheKafkaClients() {
        assertThat(Arc.container().select(new TypeLiteral<ClientCustomizer<Map<String, Object>>>() {
        }, Any.Literal.INSTANCE).stream()).anyMatch(StaticMembership.class::isInstance);
    }

    @Test
    void theDrainingListenerIsFoundByTheNameTheChannelsGive() {
        assertThat(Arc.container().select(KafkaConsumerRebalanceListener.class,
                Identifier.Literal.of(DrainingRebalanceListener.NAME)).isResolvable()).isTrue();
    }
}
