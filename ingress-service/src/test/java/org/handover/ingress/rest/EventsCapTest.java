package org.handover.ingress.rest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.util.stream.IntStream;
import org.handover.contracts.QuarantineHeaders;
import org.handover.contracts.RawEventHeaders;
import org.handover.contracts.Topics;
import org.handover.ingress.config.IngressConfig;
import org.handover.testsupport.TopicReader;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.junit.jupiter.api.Test;

/**
 * The cap on events per body ({@code messenger.webhook.max-events}, 1000 by default: Meta's largest batch): a body at
 * the cap is split and published, one past it is answered {@code 200} and kept whole in quarantine with reason
 * {@code too_many_events}, and none of its events is published.
 */
@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
class EventsCapTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    IngressConfig config;

    private static String body(String page, int events) {
        return Bodies.page(page, IntStream.range(0, events)
                .mapToObj(i -> Bodies.message("u" + (i % 7), page, "m-" + page + "-" + i, "hi")).toArray(String[]::new));
    }

    @Test
    void theCapIsMetasLargestBatch() {
        assertThat(config.webhook().maxEvents()).isEqualTo(1000);
    }

    @Test
    void publishesEveryEventOfABodyAtTheCap() {
        String page = Bodies.newPage();

        Response response = SignedPost.post(body(page, 1000));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getInt("events")).isEqualTo(1000);
        String requestId = response.header(WebhookResource.REQUEST_ID_HEADER);
        assertThat(TopicContents.read(kafka, Topics.WEBHOOK_RAW,
                r -> requestId.equals(TopicReader.headers(r).get(RawEventHeaders.REQUEST_ID)))).hasSize(1000);
        assertThat(TopicContents.withKey(kafka, Topics.WEBHOOK_QUARANTINE, requestId)).isEmpty();
    }

    @Test
    void quarantinesABodyOnePastTheCapWholeAndPublishesNoneOfItsEvents() {
        String page = Bodies.newPage();
        String body = body(page, 1001);

        Response response = SignedPost.post(body);

        assertThat(response.statusCode()).as("Meta must not retry it").isEqualTo(200);
        assertThat(response.jsonPath().getBoolean("quarantined")).isTrue();
        String requestId = response.header(WebhookResource.REQUEST_ID_HEADER);
        var kept = TopicContents.withKey(kafka, Topics.WEBHOOK_QUARANTINE, requestId);
        assertThat(kept).hasSize(1);
        assertThat(new String(kept.get(0).value(), UTF_8)).isEqualTo(body);
        assertThat(TopicReader.headers(kept.get(0)))
                .containsEntry(QuarantineHeaders.REASON, "too_many_events: 1001, at most 1000")
                .containsEntry(RawEventHeaders.REQUEST_ID, requestId);
        assertThat(TopicContents.read(kafka, Topics.WEBHOOK_RAW,
                r -> requestId.equals(TopicReader.headers(r).get(RawEventHeaders.REQUEST_ID)))).isEmpty();
    }
}
