package org.handover.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.ConfigResource;
import org.handover.contracts.SizeBudget;
import org.handover.contracts.Topics;
import org.handover.ingress.config.IngressConfig;
import org.handover.ingress.messaging.Channels;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.junit.jupiter.api.Test;

/** The running service and the broker's topics hold the numbers of the {@link SizeBudget}, not copies of them. */
@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
class SizeBudgetConfigTest {

    @Inject
    IngressConfig config;

    @Inject
    KafkaClientService clients;

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Test
    void bodyLimitIsTheBudgets() {
        assertThat(config.webhook().maxBodyBytes()).isEqualTo(SizeBudget.WEBHOOK_BODY_BYTES);
    }

    @Test
    void bothProducersTakeOneRecordOfTheBudget() {
        for (String channel : List.of(Channels.WEBHOOK_EVENTS, Channels.WEBHOOK_QUARANTINE)) {
            var producer = clients.getProducer(channel);
            assertThat(producer).as(channel).isNotNull();
            assertThat(String.valueOf(producer.configuration().get("max.request.size"))).as(channel)
                    .isEqualTo(Integer.toString(SizeBudget.PRODUCER_MAX_REQUEST_BYTES));
            // Raw events: batches of one or two events per partition, which a codec frames one by one; whole bodies
            // in quarantine: lz4.
            assertThat(String.valueOf(producer.configuration().get("compression.type"))).as(channel)
                    .isEqualTo(channel.equals(Channels.WEBHOOK_EVENTS) ? "none" : "lz4");
        }
    }

    @Test
    void theTopicsIngressWritesAcceptTheBudgetsRecords() throws Exception {
        for (String topic : List.of(Topics.WEBHOOK_RAW, Topics.WEBHOOK_QUARANTINE)) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            var configs = kafka.getOrCreateAdminClient().describeConfigs(List.of(resource)).all()
                    .get(30, TimeUnit.SECONDS).get(resource);
            assertThat(configs.get("max.message.bytes").value()).as(topic)
                    .isEqualTo(Integer.toString(SizeBudget.TOPIC_MAX_MESSAGE_BYTES));
            assertThat(configs.get("compression.type").value()).as(topic).isEqualTo("producer");
        }
    }
}
