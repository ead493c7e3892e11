package org.handover.bot;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.handover.bot.domain.CatalogAnswer;
import org.handover.bot.domain.CatalogDocument;
import org.handover.bot.domain.CatalogMessage;
import org.handover.bot.service.CatalogService;
import org.handover.contracts.ContractJson;
import org.handover.contracts.Decision;
import org.handover.contracts.OutboundOutcome;
import org.handover.contracts.OutboundResult;
import org.handover.contracts.QuickReply;
import org.handover.contracts.Topics;
import org.handover.contracts.TrackedAnswerLinks;
import org.handover.contracts.links.LinkToken;
import org.handover.testsupport.InjectMetaApi;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.MetaApiResource;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

/**
 * A guided answer of a page whose admin chose to track its links, through the real consumer, PostgreSQL and a Send
 * API (WireMock): the text Meta gets carries the recipient's tracked links (the %test profile's base URL and key),
 * the SENT report names them, and a redelivered order repeats that report without a second send.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(MetaApiResource.class)
class TrackedAnswerLinksTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PAGE = "960000000000002";
    private static final String BASE = "https://hooks.example.com/l/";
    private static final LinkToken TOKENS = LinkToken.withSecrets(List.of("test-link-signing-key-0123456789abcdef"));
    private static final String ZONES = "https://shop.example.com/zones";
    private static final String TRACK = "https://parcels.example.com/t?id=1";

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @InjectMetaApi
    WireMockServer meta;

    @Inject
    CatalogService catalogs;

    private void catalog(boolean trackLinks) {
        CatalogDocument catalog = new CatalogDocument(PAGE,
                new CatalogAnswer("GET_STARTED", "Main menu", List.of(), "Hi!",
                        List.of(new QuickReply("Delivery", "DELIVERY"))),
                List.of(new CatalogAnswer("DELIVERY", "Delivery", List.of(), "Zones: " + ZONES + ", parcels: " + TRACK,
                        List.of(new QuickReply("Main menu", "GET_STARTED")))),
                new CatalogMessage("Sorry?", List.of()), trackLinks);
        assertThat(catalogs.put(PAGE, catalog).errors()).isEmpty();
    }

    @Test
    void aTrackedAnswerCarriesTheRecipientsLinksAndItsReportNamesThemAlsoWhenRedelivered() throws Exception {
        catalog(true);
        String psid = "7000000000000042";
        meta.stubFor(post(urlPathEqualTo("/" + PAGE + "/messages"))
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(psid)))
                .willReturn(okJson("{\"recipient_id\":\"" + psid + "\",\"message_id\":\"mid.tracked\"}")));

        Decision order = Orders.guided(PAGE, psid, 0, "DELIVERY", Instant.now().minusSeconds(30));
        produce(order);

        List<OutboundResult> results = awaitResults(psid, 1);
        assertThat(results.get(0).outcome()).isEqualTo(OutboundOutcome.SENT);
        assertThat(results.get(0).trackedLinks()).isEqualTo(new TrackedAnswerLinks("DELIVERY", List.of(ZONES, TRACK)));
        List<LoggedRequest> sends = meta.findAll(postRequestedFor(urlPathEqualTo("/" + PAGE + "/messages"))
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(psid))));
        assertThat(sends).hasSize(1);
        String text = ContractJson.mapper().readTree(sends.get(0).getBodyAsString()).path("message").path("text")
                .asText();
        assertThat(text).startsWith("Zones: " + BASE).contains(", parcels: " + BASE).doesNotContain("shop.example")
                .doesNotContain(psid);
        Matcher tokens = Pattern.compile(Pattern.quote(BASE) + "([A-Za-z0-9_-]+)").matcher(text);
        assertThat(tokens.find()).isTrue();
        assertThat(TOKENS.read(tokens.group(1)))
                .contains(LinkToken.Link.guidedAnswer("DELIVERY", 0, PAGE, psid, ZONES));
        assertThat(tokens.find()).isTrue();
        assertThat(TOKENS.read(tokens.group(1)))
                .contains(LinkToken.Link.guidedAnswer("DELIVERY", 1, PAGE, psid, TRACK));

        // Redelivered: the recorded outcome is reported again, with the same links, and nothing is sent again.
        produce(order);
        List<OutboundResult> again = awaitResults(psid, 2);
        assertThat(again.get(1).decisionId()).isEqualTo(order.decisionId());
        assertThat(again.get(1).outcome()).isEqualTo(OutboundOutcome.SENT);
        assertThat(again.get(1).trackedLinks()).isEqualTo(results.get(0).trackedLinks());
        meta.verify(1, postRequestedFor(urlPathEqualTo("/" + PAGE + "/messages"))
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(psid))));

        // The admin turns the choice off: the next answer goes out as written, reported without links.
        catalog(false);
        String other = "7000000000000043";
        meta.stubFor(post(urlPathEqualTo("/" + PAGE + "/messages"))
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(other)))
                .willReturn(okJson("{\"recipient_id\":\"" + other + "\",\"message_id\":\"mid.plain\"}")));
        produce(Orders.guided(PAGE, other, 0, "DELIVERY", Instant.now().minusSeconds(30)));
        OutboundResult plain = awaitResults(other, 1).get(0);
        assertThat(plain.outcome()).isEqualTo(OutboundOutcome.SENT);
        assertThat(plain.trackedLinks()).isNull();
        meta.verify(1, postRequestedFor(urlPathEqualTo("/" + PAGE + "/messages"))
                .withRequestBody(matchingJsonPath("$.message.text", equalTo("Zones: " + ZONES + ", parcels: " + TRACK)))
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(other))));
    }

    private void produce(Decision decision) {
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.CONVERSATION_DECISIONS, decision.key(),
                ContractJson.toJson(decision))).awaitCompletion(WAIT);
    }

    private List<OutboundResult> awaitResults(String psid, int count) {
        return TopicReader.of(kafka, Topics.MESSENGER_OUTBOUND).awaitKey(PAGE + ":" + psid, count, WAIT).stream()
                .map(r -> ContractJson.fromJson(r.value(), OutboundResult.class)).toList();
    }
}
