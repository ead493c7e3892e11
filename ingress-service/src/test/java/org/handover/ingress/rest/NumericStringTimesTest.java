package org.handover.ingress.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.handover.contracts.RawEventHeaders;
import org.handover.contracts.Topics;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

/**
 * Shapes from Meta's reference that are not plain numbers where one would expect them: {@code entry.time} and
 * {@code timestamp} as strings of digits, a delivery receipt without {@code timestamp}, events with no PSID. Each is
 * published as a raw event, keyed as routing-service expects, and nothing is quarantined.
 */
@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
class NumericStringTimesTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Test
    void publishesEventsWhoseTimesAreStringsOfDigitsAndKeysPageLevelEventsByThePage() {
        String page = Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000_000L, 999_999_999_999_999L));
        String text = "{\"sender\":{\"id\":\"u1\"},\"recipient\":{\"id\":\"" + page + "\"},\"timestamp\":\"1764064800123\","
                + "\"message\":{\"mid\":\"m1\",\"text\":\"hello\"}}";
        String delivery = "{\"sender\":{\"id\":\"u1\"},\"recipient\":{\"id\":\"" + page + "\"},"
                + "\"delivery\":{\"mids\":[\"m0\"],\"watermark\":1764064800000}}";
        String policy = "{\"recipient\":{\"id\":\"" + page + "\"},\"timestamp\":1764064800124,"
                + "\"policy_enforcement\":{\"action\":\"block\",\"reason\":\"spam\"}}";
        String optin = "{\"recipient\":{\"id\":\"" + page + "\"},\"timestamp\":1764064800125,"
                + "\"optin\":{\"ref\":\"checkout\",\"user_ref\":\"ref-1\"}}";
        String body = "{\"object\":\"page\",\"entry\":[{\"id\":\"" + page + "\",\"time\":\"1764064800500\","
                + "\"messaging\":[" + String.join(",", text, delivery, policy, optin) + "]}]}";

        Response response = SignedPost.post(body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getInt("events")).as("split, not quarantined").isEqualTo(4);
        String requestId = response.header(WebhookResource.REQUEST_ID_HEADER);
        List<ConsumerRecord<String, String>> records = TopicReader.of(kafka, Topics.WEBHOOK_RAW).await(
                r -> requestId.equals(TopicReader.headers(r).get(RawEventHeaders.REQUEST_ID)), 4, WAIT);
        assertThat(records).extracting(ConsumerRecord::key, ConsumerRecord::value,
                        r -> TopicReader.headers(r).get(RawEventHeaders.ENTRY_TIME))
                .containsExactlyInAnyOrder(
                        tuple(page + ":u1", text, "1764064800500"),
                        tuple(page + ":u1", delivery, "1764064800500"),
                        tuple(page, policy, "1764064800500"),
                        tuple(page, optin, "1764064800500"));
        assertThat(records).filteredOn(r -> r.key().equals(page)).extracting(ConsumerRecord::value)
                .as("the page's events in body order").containsExactly(policy, optin);
    }
}
