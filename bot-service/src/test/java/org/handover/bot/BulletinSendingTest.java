package org.handover.bot;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.handover.bot.domain.SendRules;
import org.handover.contracts.ContractJson;
import org.handover.contracts.Decision;
import org.handover.contracts.DecisionType;
import org.handover.contracts.OrderKind;
import org.handover.contracts.OutboundOutcome;
import org.handover.contracts.OutboundReasons;
import org.handover.contracts.OutboundResult;
import org.handover.contracts.Owner;
import org.handover.contracts.QuickReply;
import org.handover.contracts.ReplyOrder;
import org.handover.contracts.SchemaVersion;
import org.handover.contracts.Topics;
import org.handover.testsupport.InjectMetaApi;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.MetaApiResource;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

/**
 * Bulletin orders on a real broker and PostgreSQL, WireMock as the Send API: sent as {@code UPDATE} (or
 * {@code MESSAGE_TAG} with a non-promotional tag, outside the window too), under the same epoch fence as every order,
 * and never twice to one conversation whatever the order's decision id.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(MetaApiResource.class)
class BulletinSendingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PAGE = Orders.DEMO_PAGE;
    private static final String MESSAGES = "/" + PAGE + "/messages";

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @InjectMetaApi
    WireMockServer meta;

    @Test
    void sendsABulletinAsAnUpdateWithItsQuickReplies() {
        String psid = Orders.newPsid();
        String bulletin = UUID.randomUUID().toString();
        meta.stubFor(to(psid).willReturn(okJson(sent(psid, "mid.bulletin"))));
        Decision order = bulletin(psid, 0, bulletin, 1, null, Instant.now().minusSeconds(60));

        produce(order);

        assertThat(awaitResults(psid, 1)).extracting(OutboundResult::outcome, OutboundResult::orderKind)
                .containsExactly(tuple(OutboundOutcome.SENT, OrderKind.BULLETIN));
        meta.verify(1, postRequestedFor(urlPathEqualTo(MESSAGES)).withRequestBody(equalToJson("""
                {"recipient":{"id":"%s"},"messaging_type":"UPDATE","message":{
                  "text":"Spring service week",
                  "quick_replies":[{"content_type":"text","title":"Opening hours","payload":"OPENING_HOURS"}],
                  "metadata":"%s"}}
                """.formatted(psid, order.decisionId()))));
    }

    @Test
    void aTaggedUpdateGoesOutsideTheWindowWithItsTagAndHumanAgentNever() {
        String psid = Orders.newPsid();
        meta.stubFor(to(psid).willReturn(okJson(sent(psid, "mid.tagged"))));
        Instant threeDaysAgo = Instant.now().minus(Duration.ofDays(3));

        produce(bulletin(psid, 0, UUID.randomUUID().toString(), 1, "POST_PURCHASE_UPDATE", threeDaysAgo),
                bulletin(psid, 0, UUID.randomUUID().toString(), 1, "HUMAN_AGENT", threeDaysAgo),
                bulletin(psid, 0, UUID.randomUUID().toString(), 1, null, threeDaysAgo));

        assertThat(awaitResults(psid, 3)).extracting(OutboundResult::outcome, OutboundResult::reason)
                .containsExactly(tuple(OutboundOutcome.SENT, null),
                        tuple(OutboundOutcome.REFUSED, SendRules.TAG_NOT_ALLOWED),
                        tuple(OutboundOutcome.REFUSED, OutboundReasons.OUTSIDE_WINDOW));
        meta.verify(1, postRequestedFor(urlPathEqualTo(MESSAGES))
                .withRequestBody(matchingJsonPath("$.messaging_type", equalTo("MESSAGE_TAG")))
                .withRequestBody(matchingJsonPath("$.tag", equalTo("POST_PURCHASE_UPDATE"))));
        meta.verify(1, postRequestedFor(urlPathEqualTo(MESSAGES))
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(psid))));
    }

    @Test
    void aSecondOrderOfTheSameBulletinIsNeverSentToTheSameConversation() {
        String psid = Orders.newPsid();
        String bulletin = UUID.randomUUID().toString();
        meta.stubFor(to(psid).willReturn(okJson(sent(psid, "mid.once"))));
        Instant recent = Instant.now().minusSeconds(30);

        // the first order is refused while an agent holds the thread; the next two come after the bot is back
        produce(Orders.control(PAGE, psid, 1, Owner.AGENT, Owner.BOT),
                bulletin(psid, 0, bulletin, 1, null, recent),
                Orders.control(PAGE, psid, 2, Owner.BOT, Owner.AGENT),
                bulletin(psid, 2, bulletin, 2, null, recent),
                bulletin(psid, 2, bulletin, 3, null, recent));

        assertThat(awaitResults(psid, 3)).extracting(OutboundResult::decisionId, OutboundResult::outcome,
                OutboundResult::reason).containsExactly(
                        tuple(decisionId(bulletin, psid, 1), OutboundOutcome.REFUSED, OutboundReasons.STALE_EPOCH),
                        tuple(decisionId(bulletin, psid, 2), OutboundOutcome.SENT, null),
                        tuple(decisionId(bulletin, psid, 3), OutboundOutcome.REFUSED, OutboundReasons.DUPLICATE));
        meta.verify(1, postRequestedFor(urlPathEqualTo(MESSAGES))
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(psid))));
    }

    @Test
    void aBulletinOrderWithoutItsBulletinIdIsADeadLetter() {
        String psid = Orders.newPsid();
        Decision broken = Orders.order(PAGE, psid, 0, new ReplyOrder(OrderKind.BULLETIN, null, "Hi", List.of(),
                Instant.now(), null, null));
        produce(broken);
        assertThat(TopicReader.of(kafka, Topics.deadLetter(Topics.CONVERSATION_DECISIONS))
                .awaitKey(broken.key(), 1, WAIT)).hasSize(1);
    }

    private static String decisionId(String bulletin, String psid, int attempt) {
        return "bulletin:" + bulletin + ":" + psid + ":" + attempt;
    }

    private static Decision bulletin(String psid, long epoch, String bulletinId, int attempt, String tag,
            Instant userMessageAt) {
        return new Decision(SchemaVersion.CURRENT, decisionId(bulletinId, psid, attempt), DecisionType.REPLY_ORDER,
                PAGE, psid, epoch, Instant.now(), "bulletin:" + bulletinId, null,
                new ReplyOrder(OrderKind.BULLETIN, null, "Spring service week",
                        List.of(new QuickReply("Opening hours", "OPENING_HOURS")), userMessageAt, bulletinId, tag));
    }

    private static MappingBuilder to(String psid) {
        return post(urlPathEqualTo(MESSAGES)).withRequestBody(matchingJsonPath("$.recipient.id", equalTo(psid)));
    }

    private static String sent(String psid, String messageId) {
        return "{\"recipient_id\":\"" + psid + "\",\"message_id\":\"" + messageId + "\"}";
    }

    private void produce(Decision... decisions) {
        kafka.produceStrings().fromRecords(Arrays.stream(decisions)
                .map(d -> new ProducerRecord<>(Topics.CONVERSATION_DECISIONS, d.key(), ContractJson.toJson(d)))
                .toList()).awaitCompletion(WAIT);
    }

    private List<OutboundResult> awaitResults(String psid, int count) {
        return TopicReader.of(kafka, Topics.MESSENGER_OUTBOUND).awaitKey(PAGE + ":" + psid, count, WAIT).stream()
                .map(r -> ContractJson.fromJson(r.value(), OutboundResult.class)).toList();
    }
}
