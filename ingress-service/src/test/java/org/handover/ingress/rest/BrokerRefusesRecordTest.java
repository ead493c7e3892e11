package org.handover.ingress.rest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.handover.contracts.QuarantineHeaders;
import org.handover.contracts.SizeBudget;
import org.handover.contracts.Topics;
import org.handover.ingress.service.WebhookMetrics;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.OutcomeCounters;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

/**
 * A topic created before the size budget (or by hand) refuses a record that the budget allows: Kafka's
 * {@code RecordTooLargeException} from the broker. Retrying the same body cannot cure that, so it is never a
 * {@code 503}: the body is kept in quarantine in small chunks and answered {@code 200}; only when even those are
 * refused is it a {@code 500}. The topics of this test's own namespace are set smaller than the budget here.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class,
        initArgs = @ResourceArg(name = "topicPrefix", value = BrokerRefusesRecordTest.PREFIX))
class BrokerRefusesRecordTest {

    static final String PREFIX = "size-refused.";
    /** Kafka's broker default {@code message.max.bytes}: a topic without a setting of its own. */
    private static final int KAFKA_DEFAULT = 1_048_588;

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    MeterRegistry registry;

    @Test
    void keepsTheBodyInQuarantineInSmallChunksWhenTheBrokerRefusesARecordWithinTheBudget() throws Exception {
        limitTopics(KAFKA_DEFAULT, SizeBudget.TOPIC_MAX_MESSAGE_BYTES);
        String p = Bodies.newPage();
        // Within the budget (the producer takes it), over Kafka's default once framed (random text: lz4 cannot
        // shrink it below).
        String body = Bodies.page(p, Bodies.messageOfBytes("u1", p, "m", SizeBudget.RECORD_VALUE_BYTES));
        double refused = RecordSizeLimitsTest.tooLarge(registry, "refused");
        double unavailable = OutcomeCounters.count(registry, WebhookMetrics.REQUESTS, "unavailable");

        Response response = SignedPost.post(body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getBoolean("quarantined")).isTrue();
        List<ConsumerRecord<byte[], byte[]>> chunks = TopicContents.withKey(kafka,
                PREFIX + Topics.WEBHOOK_QUARANTINE, response.header(WebhookResource.REQUEST_ID_HEADER));
        assertThat(chunks).hasSize(SizeBudget.chunkCount(body.length(), SizeBudget.FALLBACK_CHUNK_BYTES))
                .allSatisfy(r -> {
                    assertThat(r.value().length).isLessThanOrEqualTo(SizeBudget.FALLBACK_CHUNK_BYTES);
                    assertThat(TopicReader.headers(r)).containsEntry(QuarantineHeaders.REASON, "record_too_large");
                });
        assertThat(TopicContents.reassemble(chunks)).isEqualTo(body.getBytes(UTF_8));
        assertThat(RecordSizeLimitsTest.tooLarge(registry, "refused")).isEqualTo(refused + 1);
        assertThat(OutcomeCounters.count(registry, WebhookMetrics.REQUESTS, "unavailable")).isEqualTo(unavailable);

        // The producer is not left broken by the refusal: a small event still goes straight to the raw topic.
        String small = Bodies.message("u2", p, "m2", "after");
        SignedPost.post(Bodies.page(p, small)).then().statusCode(200);
        assertThat(TopicContents.withKey(kafka, PREFIX + Topics.WEBHOOK_RAW, p + ":u2"))
                .extracting(r -> new String(r.value(), UTF_8)).containsExactly(small);
    }

    @Test
    void answers500WithoutRetryAfterWhenEvenTheSmallChunksAreRefused() {
        limitTopics(KAFKA_DEFAULT, 64 * SizeBudget.KIB);
        String p = Bodies.newPage();
        String body = Bodies.page(p, Bodies.messageOfBytes("u1", p, "m", SizeBudget.RECORD_VALUE_BYTES));
        double unstorable = OutcomeCounters.count(registry, WebhookMetrics.REQUESTS, "unstorable");
        double unavailable = OutcomeCounters.count(registry, WebhookMetrics.REQUESTS, "unavailable");

        Response response = SignedPost.post(body);

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.header("Retry-After")).isNull();
        assertThat(response.jsonPath().getString("reason")).isEqualTo("record_too_large");
        assertThat(response.jsonPath().getString("requestId"))
                .isEqualTo(response.header(WebhookResource.REQUEST_ID_HEADER));
        assertThat(OutcomeCounters.count(registry, WebhookMetrics.REQUESTS, "unstorable")).isEqualTo(unstorable + 1);
        assertThat(OutcomeCounters.count(registry, WebhookMetrics.REQUESTS, "unavailable")).isEqualTo(unavailable);
    }

    /** Sets {@code max.message.bytes} of this namespace's raw and quarantine topics and waits until it is in force. */
    private void limitTopics(int raw, int quarantine) {
        Map<String, Integer> limits = Map.of(PREFIX + Topics.WEBHOOK_RAW, raw, PREFIX + Topics.WEBHOOK_QUARANTINE,
                quarantine);
        AdminClient admin = kafka.getOrCreateAdminClient();
        limits.forEach((topic, bytes) -> {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            try {
                admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                        new ConfigEntry("max.message.bytes", Integer.toString(bytes)), AlterConfigOp.OpType.SET))))
                        .all().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("cannot set max.message.bytes of " + topic, e);
            }
            // The controller accepts the change as soon as the topic exists; the broker that answers describeConfigs
            // may not have the just-created topic in its metadata yet and says UnknownTopicOrPartition until it does.
            await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(ExecutionException.class)
                    .until(() -> Integer.toString(bytes).equals(admin
                    .describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                    .get("max.message.bytes").value()));
        });
    }
}
