package org.handover.bot;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.handover.contracts.ContractJson;
import org.handover.contracts.Decision;
import org.handover.contracts.OrderKind;
import org.handover.contracts.OutboundOutcome;
import org.handover.contracts.OutboundResult;
import org.handover.contracts.Topics;
import org.handover.service.support.logging.ConversationRef;
import org.handover.service.support.logging.LogContext;
import org.handover.testsupport.InjectMetaApi;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.MetaApiResource;
import org.handover.testsupport.TopicReader;
import org.handover.testsupport.fuzz.LogCapture;
import org.junit.jupiter.api.Test;

/**
 * The log context of a consumed record, end to end in the service: the line about an order carries the
 * conversation reference (not the user id), the decision id and the record's coordinates, and no line holds the
 * message text, the user id or the page token.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(MetaApiResource.class)
class LogContextTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PAGE = Orders.DEMO_PAGE;

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @InjectMetaApi
    WireMockServer meta;

    @Test
    void aHandledOrdersLinesCarryItsConversationReferenceAndDecisionIdButNoTextUserIdOrToken() {
        String psid = Orders.newPsid();
        String text = "Private words " + UUID.randomUUID();
        meta.stubFor(post(urlPathEqualTo("/" + PAGE + "/messages"))
                .withRequestBody(WireMock.containing(psid))
                .willReturn(okJson("{\"recipient_id\":\"" + psid + "\",\"message_id\":\"mid.logged\"}")));
        Decision order = Orders.handover(PAGE, psid, 0, OrderKind.ASK_HANDOVER, text, List.of(), Instant.now());

        List<LogCapture.Entry> entries;
        try (LogCapture capture = LogCapture.start()) {
            kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.CONVERSATION_DECISIONS, order.key(),
                    ContractJson.toJson(order))).awaitCompletion(WAIT);
            OutboundResult result = ContractJson.fromJson(TopicReader.of(kafka, Topics.MESSENGER_OUTBOUND)
                    .awaitKey(order.key(), 1, WAIT).get(0).value(), OutboundResult.class);
            assertThat(result.outcome()).isEqualTo(OutboundOutcome.SENT);
            entries = capture.entries();
        }

        List<LogCapture.Entry> orderLines = entries.stream()
                .filter(e -> e.message().startsWith("Order " + order.decisionId())).toList();
        assertThat(orderLines).isNotEmpty().allSatisfy(line -> {
            assertThat(line.mdc()).containsEntry(LogContext.CONVERSATION, ConversationRef.of(order.key()))
                    .containsEntry(LogContext.DECISION_ID, order.decisionId())
                    .containsKey(LogContext.RECORD);
            assertThat(line.mdc().get(LogContext.RECORD)).startsWith(Topics.CONVERSATION_DECISIONS + "-");
            assertThat(line.mdc().get(LogContext.CONVERSATION)).matches("[0-9a-f]{12}");
        });
        assertThat(entries).allSatisfy(line -> assertThat(line.message() + " " + line.mdc())
                .doesNotContain(text).doesNotContain(psid).doesNotContain("test-page-token"));
    }
}
