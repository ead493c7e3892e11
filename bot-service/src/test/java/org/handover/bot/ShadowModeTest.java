package org.handover.bot;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.handover.bot.domain.OutgoingMessage;
import org.handover.bot.repository.OutboundOrder;
import org.handover.bot.repository.OutboundOrderRepository;
import org.handover.contracts.ContractJson;
import org.handover.contracts.Decision;
import org.handover.contracts.OrderKind;
import org.handover.contracts.OutboundOutcome;
import org.handover.contracts.OutboundReasons;
import org.handover.contracts.OutboundResult;
import org.handover.contracts.Owner;
import org.handover.contracts.QuickReply;
import org.handover.contracts.Topics;
import org.handover.harness.ConsumerGroups;
import org.handover.testsupport.InjectMetaApi;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.MetaApiResource;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ShadowModeTest.Shadow.class)
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = {
        @ResourceArg(name = "postgres", value = "true"),
        @ResourceArg(name = "topicPrefix", value = ShadowModeTest.PREFIX)})
@WithTestResource(MetaApiResource.class)
class ShadowModeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** As a replay runs it: shadow mode in a topic namespace of its own. */
    static final String PREFIX = "shadow-b.";
    /** A page without a page access token (the replay gives bot-service none). */
    private static final String PAGE_WITHOUT_TOKEN = "110000000000077";

    /** Shadow mode on; everything else as in the other tests. */
    public static class Shadow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bot.shadow-mode", "true");
        }
    }

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @InjectMetaApi
    WireMockServer meta;

    @Inject
    OutboundOrderRepository orders;

    @Inject
    MeterRegistry registry;

    @Test
    void sendsNothingAndRecordsWhatItWouldHaveSent() {
        String psid = Orders.newPsid();
        Decision guided = Orders.guided(Orders.DEMO_PAGE, psid, 0, "RETURNS", Instant.now());
        Decision ask = Orders.handover(Orders.DEMO_PAGE, psid, 0, OrderKind.ASK_HANDOVER, "Talk to a person?",
                List.of(new QuickReply("Yes", "MH_HANDOVER_ACCEPT"), new QuickReply("No", "MH_HANDOVER_REJECT")),
                Instant.now());
        Decision handover = Orders.control(Orders.DEMO_PAGE, psid, 1, Owner.AGENT, Owner.BOT);
        Decision whileAgentOwns = Orders.guided(Orders.DEMO_PAGE, psid, 1, "RETURNS", Instant.now());

        kafka.produceStrings().fromRecords(List.of(guided, ask, handover, whileAgentOwns).stream()
                .map(d -> new ProducerRecord<>(PREFIX + Topics.CONVERSATION_DECISIONS, d.key(), ContractJson.toJson(d)))
                .toList()).awaitCompletion(WAIT);

        List<OutboundResult> results = results(Orders.DEMO_PAGE + ":" + psid, 3);
        assertThat(results).extracting(OutboundResult::decisionId, OutboundResult::outcome, OutboundResult::reason)
                .containsExactly(tuple(guided.decisionId(), OutboundOutcome.REFUSED, OutboundReasons.SHADOW),
                        tuple(ask.decisionId(), OutboundOutcome.REFUSED, OutboundReasons.SHADOW),
                        tuple(whileAgentOwns.decisionId(), OutboundOutcome.REFUSED, OutboundReasons.NOT_OWNER));
        meta.verify(0, anyRequestedFor(anyUrl()));
        OutboundOrder recorded = QuarkusTransaction.requiringNew()
                .call(() -> orders.findByIdOptional(ask.decisionId())).orElseThrow();
        assertThat(recorded.state).isEqualTo(OutboundOrder.State.REFUSED);
        assertThat(ContractJson.fromJson(recorded.message, OutgoingMessage.class)).isEqualTo(new OutgoingMessage(
                "Talk to a person?",
                List.of(new QuickReply("Yes", "MH_HANDOVER_ACCEPT"), new QuickReply("No", "MH_HANDOVER_REJECT"))));
    }

    @Test
    void judgesTheWindowInEventTimeAndNeedsNoPageToken() {
        String psid = Orders.newPsid();
        // A conversation of ten days ago: by the wall clock, every order is far outside the 24-hour window.
        Instant decidedAt = Instant.now().minus(Duration.ofDays(10)).truncatedTo(ChronoUnit.MILLIS);
        Decision recent = decidedAt(Orders.handover(PAGE_WITHOUT_TOKEN, psid, 0, OrderKind.ASK_HANDOVER,
                "Talk to a person?", List.of(), decidedAt.minusSeconds(30)), decidedAt);
        Decision late = decidedAt(Orders.handover(PAGE_WITHOUT_TOKEN, psid, 0, OrderKind.STAY_WITH_BOT, "OK",
                List.of(), decidedAt.minus(Duration.ofHours(25))), decidedAt.plusSeconds(1));
        double before = outcomes(OutboundReasons.SHADOW);

        kafka.produceStrings().fromRecords(List.of(recent, late).stream()
                .map(d -> new ProducerRecord<>(PREFIX + Topics.CONVERSATION_DECISIONS, d.key(), ContractJson.toJson(d)))
                .toList()).awaitCompletion(WAIT);

        List<OutboundResult> results = results(PAGE_WITHOUT_TOKEN + ":" + psid, 2);
        assertThat(results).extracting(OutboundResult::decisionId, OutboundResult::reason, OutboundResult::at)
                .as("the window judged at decidedAt; shadow before the missing token; results in event time")
                .containsExactly(tuple(recent.decisionId(), OutboundReasons.SHADOW, decidedAt),
                        tuple(late.decisionId(), OutboundReasons.OUTSIDE_WINDOW, decidedAt.plusSeconds(1)));
        assertThat(outcomes(OutboundReasons.SHADOW)).isEqualTo(before + 1);
        meta.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void consumesDeadLettersAndGroupsInsideItsTopicNamespace() {
        String key = PAGE_WITHOUT_TOKEN + ":" + Orders.newPsid();
        kafka.produceStrings().fromRecords(new ProducerRecord<>(PREFIX + Topics.CONVERSATION_DECISIONS, key,
                "not a decision")).awaitCompletion(WAIT);

        assertThat(TopicReader.of(kafka, PREFIX + Topics.deadLetter(Topics.CONVERSATION_DECISIONS))
                .awaitKey(key, 1, WAIT)).singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualTo("not a decision"));
        ConsumerGroups.awaitCommitted(kafka.getBootstrapServers(), PREFIX + "bot-service",
                PREFIX + Topics.CONVERSATION_DECISIONS, WAIT);
    }

    private List<OutboundResult> results(String key, int count) {
        return TopicReader.of(kafka, PREFIX + Topics.MESSENGER_OUTBOUND).awaitKey(key, count, WAIT).stream()
                .map(r -> ContractJson.fromJson(r.value(), OutboundResult.class)).toList();
    }

    private double outcomes(String reason) {
        return registry.find("bot.outbound").tag("reason", reason).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private static Decision decidedAt(Decision d, Instant at) {
        return new Decision(d.schemaVersion(), d.decisionId(), d.type(), d.pageId(), d.psid(), d.epoch(), at,
                d.causeEventId(), d.control(), d.order());
    }
}
