package org.handover.bot;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.github.tomakehurst.wiremock.WireMockServer;
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
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.handover.bot.domain.OutboundOrder;
import org.handover.bot.domain.OutgoingMessage;
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
import org.handover.testsupport.InjectMetaApi;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.MetaApiResource;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ShadowModeTest.Shadow.class)
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(MetaApiResource.class)
class ShadowModeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

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
                .map(d -> new ProducerRecord<>(Topics.CONVERSATION_DECISIONS, d.key(), ContractJson.toJson(d)))
                .toList()).awaitCompletion(WAIT);

        List<OutboundResult> results = TopicReader.of(kafka, Topics.MESSENGER_OUTBOUND)
                .awaitKey(Orders.DEMO_PAGE + ":" + psid, 3, WAIT).stream()
                .map(r -> ContractJson.fromJson(r.value(), OutboundResult.class)).toList();
        assertThat(results).extracting(OutboundResult::decisionId, OutboundResult::outcome, OutboundResult::reason)
                .containsExactly(tuple(guided.decisionId(), OutboundOutcome.REFUSED, OutboundReasons.SHADOW),
                        tuple(ask.decisionId(), OutboundOutcome.REFUSED, OutboundReasons.SHADOW),
                        tuple(whileAgentOwns.decisionId(), OutboundOutcome.REFUSED, OutboundReasons.NOT_OWNER));
        meta.verify(0, anyRequestedFor(anyUrl()));
        OutboundOrder recorded = QuarkusTransaction.requiringNew().call(() -> orders.findById(ask.decisionId()));
        assertThat(recorded.state).isEqualTo(OutboundOrder.State.REFUSED);
        assertThat(ContractJson.fromJson(recorded.message, OutgoingMessage.class)).isEqualTo(new OutgoingMessage(
                "Talk to a person?",
                List.of(new QuickReply("Yes", "MH_HANDOVER_ACCEPT"), new QuickReply("No", "MH_HANDOVER_REJECT"))));
    }
}
