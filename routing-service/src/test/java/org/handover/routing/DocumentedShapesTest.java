package org.handover.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.assertj.core.groups.Tuple;
import org.handover.contracts.ContractJson;
import org.handover.contracts.EventClass;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.RawEventHeaders;
import org.handover.contracts.Topics;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.OutcomeCounters;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

/**
 * Every event shape of Meta's Messenger webhook reference (fixtures in {@code src/test/resources/meta-events}, written
 * from the reference in our own words) goes through the real consumer on the real broker: each one is classified,
 * one conversation's events come out in the order they went in, and nothing is dead-lettered.
 */
@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
class DocumentedShapesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant AT = Instant.ofEpochMilli(1764061200000L);

    /** fixture, channel, class, kind: one user's conversation, in the order Meta could send it. */
    private static final List<Shape> CONVERSATION = List.of(
            // messages
            new Shape("text", "messaging", EventClass.FREE_TEXT, "message"),
            new Shape("text-timestamp-string", "messaging", EventClass.FREE_TEXT, "message"),
            new Shape("text-reply", "messaging", EventClass.FREE_TEXT, "message"),
            new Shape("quick-reply", "messaging", EventClass.GUIDED, "message"),
            new Shape("attachment-image", "messaging", EventClass.FREE_TEXT, "message"),
            new Shape("attachment-video", "messaging", EventClass.FREE_TEXT, "message"),
            new Shape("attachment-audio", "messaging", EventClass.FREE_TEXT, "message"),
            new Shape("attachment-file", "messaging", EventClass.FREE_TEXT, "message"),
            new Shape("attachment-location", "messaging", EventClass.FREE_TEXT, "message"),
            new Shape("attachment-fallback", "messaging", EventClass.FREE_TEXT, "message"),
            new Shape("like-sticker", "messaging", EventClass.NOISE, "message"),
            new Shape("message-edit", "messaging", EventClass.NOISE, "message_edit"),
            // message_echoes
            new Shape("echo-own-app", "messaging", EventClass.NOISE, "message_echo"),
            new Shape("echo-template-button", "messaging", EventClass.NOISE, "message_echo"),
            new Shape("echo-template-generic-other-app", "messaging", EventClass.AGENT_ACTIVITY, "message_echo"),
            // message_deliveries, message_reads (Meta documents deliveries without a timestamp)
            new Shape("delivery-without-timestamp", "messaging", EventClass.NOISE, "delivery"),
            new Shape("delivery-watermark-only", "messaging", EventClass.NOISE, "delivery"),
            new Shape("delivery", "messaging", EventClass.NOISE, "delivery"),
            new Shape("read", "messaging", EventClass.NOISE, "read"),
            new Shape("read-without-timestamp", "messaging", EventClass.NOISE, "read"),
            // message_reactions
            new Shape("reaction", "messaging", EventClass.NOISE, "reaction"),
            // messaging_postbacks
            new Shape("postback", "messaging", EventClass.GUIDED, "postback"),
            new Shape("postback-get-started-referral", "messaging", EventClass.GUIDED, "postback"),
            // messaging_optins with a sender
            new Shape("optin-notification-messages", "messaging", EventClass.NOISE, "optin"),
            new Shape("optin-one-time-notification", "messaging", EventClass.NOISE, "optin"),
            // messaging_referrals: short link, ad, Messenger code, Discover
            new Shape("referral", "messaging", EventClass.NOISE, "referral"),
            new Shape("referral-ad", "messaging", EventClass.NOISE, "referral"),
            new Shape("referral-messenger-code", "messaging", EventClass.NOISE, "referral"),
            new Shape("referral-discover", "messaging", EventClass.NOISE, "referral"),
            // messaging_account_linking, messaging_game_plays
            new Shape("account-linked", "messaging", EventClass.NOISE, "account_linking"),
            new Shape("account-unlinked", "messaging", EventClass.NOISE, "account_linking"),
            new Shape("game-play", "messaging", EventClass.NOISE, "game_play"),
            new Shape("game-play-thread-rich", "messaging", EventClass.NOISE, "game_play"),
            // messaging_handovers
            new Shape("pass-thread-control", "messaging", EventClass.HANDOVER_SIGNAL, "pass_thread_control"),
            new Shape("request-thread-control", "messaging", EventClass.HANDOVER_SIGNAL, "request_thread_control"),
            new Shape("take-thread-control", "messaging", EventClass.HANDOVER_SIGNAL, "take_thread_control"),
            // standby: what the bot hears while another app owns the thread
            new Shape("text", "standby", EventClass.STANDBY, "message"),
            new Shape("echo-page-inbox", "standby", EventClass.STANDBY, "message_echo"),
            new Shape("postback-without-payload", "standby", EventClass.STANDBY, "postback"),
            new Shape("delivery-without-timestamp", "standby", EventClass.STANDBY, "delivery"),
            new Shape("read", "standby", EventClass.STANDBY, "read"),
            new Shape("message-edit", "standby", EventClass.STANDBY, "message_edit"),
            new Shape("pass-thread-control-back", "standby", EventClass.HANDOVER_SIGNAL, "pass_thread_control"));

    /** Events without a user: keyed by the page alone, as ingress keys them. */
    private static final List<Shape> PAGE_LEVEL = List.of(
            new Shape("app-roles", "messaging", EventClass.HANDOVER_SIGNAL, "app_roles"),
            new Shape("policy-enforcement-block", "messaging", EventClass.NOISE, "policy_enforcement"),
            new Shape("optin-checkbox-user-ref", "messaging", EventClass.NOISE, "optin"),
            new Shape("referral-chat-plugin-guest", "messaging", EventClass.NOISE, "referral"),
            new Shape("postback-sender-user-ref", "messaging", EventClass.GUIDED, "postback"),
            new Shape("policy-enforcement-unblock", "messaging", EventClass.NOISE, "policy_enforcement"));

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    MeterRegistry registry;

    @Test
    void everyDocumentedShapeIsClassifiedInOrderAndNothingIsDeadLettered() {
        String page = uniqueId();
        String psid = uniqueId();
        double malformedBefore = OutcomeCounters.count(registry, "routing.raw.records", "malformed");
        // Interleaved, as one webhook body could carry them: the page's events do not disturb the user's order.
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < Math.max(CONVERSATION.size(), PAGE_LEVEL.size()); i++) {
            if (i < CONVERSATION.size()) {
                records.add(CONVERSATION.get(i).record(page + ":" + psid, page, psid));
            }
            if (i < PAGE_LEVEL.size()) {
                records.add(PAGE_LEVEL.get(i).record(page, page, psid));
            }
        }

        kafka.produceStrings().fromRecords(records).awaitCompletion(WAIT);

        List<InboundEvent> conversation = inbound(page + ":" + psid, CONVERSATION.size());
        List<InboundEvent> pageLevel = inbound(page, PAGE_LEVEL.size());
        assertThat(conversation).extracting(InboundEvent::channel, InboundEvent::eventClass, InboundEvent::kind)
                .containsExactlyElementsOf(CONVERSATION.stream().map(Shape::expected).toList());
        assertThat(conversation).extracting(InboundEvent::psid).containsOnly(psid);
        assertThat(conversation).extracting(event -> event.source().offset()).isSorted();
        assertThat(pageLevel).extracting(InboundEvent::channel, InboundEvent::eventClass, InboundEvent::kind)
                .containsExactlyElementsOf(PAGE_LEVEL.stream().map(Shape::expected).toList());
        assertThat(pageLevel).extracting(InboundEvent::pageId, InboundEvent::psid).containsOnly(tuple(page, null));
        // Every fixture says 1764061200000 in its own way: timestamp, string, seconds or delivery/read watermark.
        assertThat(conversation).extracting(InboundEvent::occurredAt).containsOnly(AT);
        assertThat(pageLevel).extracting(InboundEvent::occurredAt).containsOnly(AT);
        await().during(Duration.ofSeconds(1)).atMost(WAIT).untilAsserted(() -> assertThat(
                OutcomeCounters.count(registry, "routing.raw.records", "malformed")).isEqualTo(malformedBefore));
    }

    private List<InboundEvent> inbound(String key, int count) {
        List<InboundEvent> events = TopicReader.of(kafka, Topics.CONVERSATION_INBOUND).awaitKey(key, count, WAIT)
                .stream()
                .map(record -> ContractJson.fromJson(record.value(), InboundEvent.class))
                .toList();
        assertThat(events).as("no more than one classified event per raw record").hasSize(count);
        return events;
    }

    /** Digits only, like Meta's ids, and unique: topics are shared by every test of the JVM. */
    private static String uniqueId() {
        return Long.toString(UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE);
    }

    private record Shape(String fixture, String channel, EventClass eventClass, String kind) {

        ProducerRecord<String, String> record(String key, String page, String psid) {
            String channelHeader = "standby".equals(channel) ? RawEventHeaders.CHANNEL_STANDBY
                    : RawEventHeaders.CHANNEL_MESSAGING;
            return RawRecords.raw(key, MetaEvents.load(fixture, page, psid), channelHeader, page);
        }

        Tuple expected() {
            return tuple(channel, eventClass, kind);
        }
    }
}
