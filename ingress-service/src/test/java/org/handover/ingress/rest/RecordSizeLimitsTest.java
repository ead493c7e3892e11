package org.handover.ingress.rest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.handover.contracts.QuarantineHeaders;
import org.handover.contracts.RawEventHeaders;
import org.handover.contracts.SizeBudget;
import org.handover.contracts.Topics;
import org.handover.ingress.service.WebhookMetrics;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.OutcomeCounters;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

/**
 * Signed bodies at the limits of the {@link SizeBudget}, on the real broker: each is answered {@code 200} and what it
 * held can be read back, as one record per event when the event fits a record, from quarantine chunks when not.
 */
@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
class RecordSizeLimitsTest {

    private static final int RECORD = SizeBudget.RECORD_VALUE_BYTES;

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    MeterRegistry registry;

    @Test
    void storesAnEventOfExactlyTheRecordSizeAsOneRecordOnTheRawTopic() {
        String p = Bodies.newPage();
        String event = Bodies.messageOfBytes("u1", p, "m-limit", RECORD);
        double tooLarge = tooLarge("event");

        Response response = SignedPost.post(Bodies.page(p, event));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getInt("events")).isEqualTo(1);
        List<ConsumerRecord<byte[], byte[]>> records = TopicContents.withKey(kafka, Topics.WEBHOOK_RAW, p + ":u1");
        assertThat(records).singleElement().satisfies(r -> assertThat(new String(r.value(), UTF_8)).isEqualTo(event));
        assertThat(TopicContents.withKey(kafka, Topics.WEBHOOK_QUARANTINE, requestId(response))).isEmpty();
        assertThat(tooLarge("event")).isEqualTo(tooLarge);
    }

    @Test
    void keepsAnEventJustOverTheRecordSizeWithItsWholeBodyInQuarantineAndPublishesTheRest() throws Exception {
        String p = Bodies.newPage();
        String small = Bodies.message("u1", p, "m-small", "hello");
        String large = Bodies.messageOfBytes("u2", p, "m-large", RECORD + 1);
        String body = Bodies.page(p, small, large);
        double tooLargeEvents = tooLarge("event");
        double chunkedBodies = tooLarge("body");
        double accepted = OutcomeCounters.count(registry, WebhookMetrics.EVENTS, "accepted");
        double quarantined = OutcomeCounters.count(registry, WebhookMetrics.EVENTS, "quarantined");

        Response response;
        List<String> logs;
        try (LogCapture capture = LogCapture.start()) {
            response = SignedPost.post(body);
            logs = capture.lines();
        }

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getInt("events")).as("events on the raw topic").isEqualTo(1);
        String requestId = requestId(response);
        assertThat(TopicContents.withKey(kafka, Topics.WEBHOOK_RAW, p + ":u1")).extracting(r -> new String(r.value(), UTF_8))
                .containsExactly(small);
        assertThat(TopicContents.withKey(kafka, Topics.WEBHOOK_RAW, p + ":u2")).as("too large for a record").isEmpty();
        List<ConsumerRecord<byte[], byte[]>> chunks = TopicContents.withKey(kafka, Topics.WEBHOOK_QUARANTINE, requestId);
        assertThat(chunks).hasSize(2).allSatisfy(r -> assertThat(TopicReader.headers(r))
                .containsEntry(QuarantineHeaders.REASON, "event_too_large: 1")
                .containsEntry(RawEventHeaders.REQUEST_ID, requestId)
                .containsEntry(RawEventHeaders.OBJECT, "page"));
        assertThat(chunks.get(0).value()).hasSize(RECORD);
        assertThat(TopicContents.reassemble(chunks)).isEqualTo(body.getBytes(UTF_8));
        assertThat(tooLarge("event")).isEqualTo(tooLargeEvents + 1);
        assertThat(tooLarge("body")).isEqualTo(chunkedBodies + 1);
        assertThat(OutcomeCounters.count(registry, WebhookMetrics.EVENTS, "accepted")).isEqualTo(accepted + 1);
        assertThat(OutcomeCounters.count(registry, WebhookMetrics.EVENTS, "quarantined")).isEqualTo(quarantined + 1);
        // Logged by size, never by content.
        assertThat(logs).anySatisfy(line -> assertThat(line).contains(requestId)
                .contains("1 of 2 event(s) over the record size of " + RECORD + " bytes (largest " + (RECORD + 1)));
        String someText = large.substring(large.indexOf("\"text\":\"") + 8).substring(0, 40);
        assertThat(logs).noneSatisfy(line -> assertThat(line).contains(someText));
    }

    @Test
    void storesAQuarantinedBodyOfTheRecordSizeWholeAndOneJustOverItInChunks() throws Exception {
        String atLimit = Bodies.instagramOfBytes(RECORD);
        String over = Bodies.instagramOfBytes(RECORD + 1);
        double chunkedBodies = tooLarge("body");

        Response whole = SignedPost.post(atLimit);
        Response chunked = SignedPost.post(over);

        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.jsonPath().getBoolean("quarantined")).isTrue();
        assertThat(TopicContents.withKey(kafka, Topics.WEBHOOK_QUARANTINE, requestId(whole))).singleElement()
                .satisfies(r -> {
                    assertThat(r.value()).isEqualTo(atLimit.getBytes(UTF_8));
                    assertThat(TopicReader.headers(r)).containsEntry(QuarantineHeaders.REASON,
                            "unsupported_object: instagram").doesNotContainKey(QuarantineHeaders.CHUNK_COUNT);
                });
        assertThat(chunked.statusCode()).isEqualTo(200);
        assertThat(chunked.jsonPath().getBoolean("quarantined")).isTrue();
        List<ConsumerRecord<byte[], byte[]>> chunks = TopicContents.withKey(kafka, Topics.WEBHOOK_QUARANTINE,
                requestId(chunked));
        assertThat(chunks).extracting(r -> r.value().length).containsExactly(RECORD, 1);
        assertThat(chunks).allSatisfy(r -> assertThat(TopicReader.headers(r))
                .containsEntry(QuarantineHeaders.REASON, "unsupported_object: instagram")
                .containsEntry(RawEventHeaders.OBJECT, "instagram"));
        assertThat(TopicContents.reassemble(chunks)).isEqualTo(over.getBytes(UTF_8));
        assertThat(tooLarge("body")).isEqualTo(chunkedBodies + 1);
    }

    @Test
    void writesABatchOfAThousandEventsNearTheBodyLimitAsOneRecordEach() {
        String p = Bodies.newPage();
        int users = 10;
        int count = 1000;
        String envelope = Bodies.page(p);
        // Every event the same size, so that the body with its commas ends just under the limit.
        int eventBytes = (SizeBudget.WEBHOOK_BODY_BYTES - envelope.length() - (count - 1)) / count;
        List<String> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(Bodies.messageOfBytes("u" + (i % users), p, String.format("m%04d", i), eventBytes));
        }
        String body = Bodies.page(p, events.toArray(String[]::new));
        assertThat(body.length()).isBetween(SizeBudget.WEBHOOK_BODY_BYTES - count, SizeBudget.WEBHOOK_BODY_BYTES);

        Response response = SignedPost.post(body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getInt("events")).isEqualTo(count);
        byte[] requestId = requestId(response).getBytes(UTF_8);
        List<ConsumerRecord<byte[], byte[]>> records = TopicContents.read(kafka, Topics.WEBHOOK_RAW,
                r -> r.headers().lastHeader(RawEventHeaders.REQUEST_ID) != null
                        && Arrays.equals(requestId, r.headers().lastHeader(RawEventHeaders.REQUEST_ID).value()));
        assertThat(records).hasSize(count);
        for (int u = 0; u < users; u++) {
            String key = p + ":u" + u;
            int user = u;
            assertThat(records).filteredOn(r -> key.equals(new String(r.key(), UTF_8)))
                    .extracting(r -> new String(r.value(), UTF_8))
                    .as("conversation %s in body order", key)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, count)
                            .filter(i -> i % users == user).mapToObj(events::get).toList());
        }
    }

    private double tooLarge(String kind) {
        return tooLarge(registry, kind);
    }

    /** The count of {@value WebhookMetrics#TOO_LARGE} of this kind; 0 while the metrics are not created yet. */
    static double tooLarge(MeterRegistry registry, String kind) {
        var counter = registry.find(WebhookMetrics.TOO_LARGE).tag("kind", kind).counter();
        return counter == null ? 0 : counter.count();
    }

    private static String requestId(Response response) {
        return response.header(WebhookResource.REQUEST_ID_HEADER);
    }
}
