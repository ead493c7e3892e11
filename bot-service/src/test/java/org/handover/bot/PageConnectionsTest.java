package org.handover.bot;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.handover.bot.repository.PageConnectionRepository;
import org.handover.bot.repository.StoredPageConnection;
import org.handover.bot.service.PageTokenStore;
import org.handover.contracts.ContractJson;
import org.handover.contracts.Decision;
import org.handover.contracts.Messenger;
import org.handover.contracts.OrderKind;
import org.handover.contracts.OutboundOutcome;
import org.handover.contracts.OutboundReasons;
import org.handover.contracts.OutboundResult;
import org.handover.contracts.PageConnection;
import org.handover.contracts.QuickReply;
import org.handover.contracts.SchemaVersion;
import org.handover.contracts.Topics;
import org.handover.service.support.secrets.PageTokenCipher;
import org.handover.testsupport.InjectMetaApi;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.MetaApiResource;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

/**
 * Pages connected through handover-service: a {@code page.connections} record (the token sealed under the shared
 * key) lets bot-service send for a page that has no environment token; a tombstone stops it; a token Meta rejects
 * (190), here or as handover-service reports it, stops the page's sends with {@code page_token_rejected} until a new
 * token is connected. Each test has pages of its own, none with a token in the test profile.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(MetaApiResource.class)
class PageConnectionsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The test profile's page-token.key / key-id: the same as handover-service's test profile. */
    private static final PageTokenCipher CIPHER = PageTokenCipher.fromConfig("test-1",
            Optional.of("dGVzdC1wYWdlLXRva2VuLWtleS0zMi1ieXRlcy1vayE="), Optional.empty()).orElseThrow();

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @InjectMetaApi
    WireMockServer meta;

    @Inject
    PageTokenStore store;

    @Inject
    PageConnectionRepository stored;

    private static String newPage() {
        return "12" + ThreadLocalRandom.current().nextLong(1_000_000_000_000L, 9_999_999_999_999L);
    }

    @Test
    void aConnectionRecordEnablesSendsWithTheConnectedTokenAndATombstoneStopsThem() {
        String page = newPage();
        String token = "EAAB-connected-" + page;
        stubSent(page);
        assertThat(send(page)).containsExactly(tuple(OutboundOutcome.REFUSED, OutboundReasons.NO_PAGE_TOKEN));

        connect(page, 1, token, null);
        awaitRefusal(page, Optional.empty());

        assertThat(send(page)).containsExactly(tuple(OutboundOutcome.SENT, null));
        meta.verify(1, postRequestedFor(urlPathEqualTo("/" + page + "/messages"))
                .withQueryParam("access_token", equalTo(token)));
        StoredPageConnection row = storedRow(page).orElseThrow();
        assertThat(row.revision).isEqualTo(1);
        assertThat(row.keyId).isEqualTo("test-1");
        assertThat(row.tokenCiphertext).isNotBlank().doesNotContain(token);

        produce(page, null);
        awaitRefusal(page, Optional.of(OutboundReasons.NO_PAGE_TOKEN));

        assertThat(send(page)).containsExactly(tuple(OutboundOutcome.REFUSED, OutboundReasons.NO_PAGE_TOKEN));
        meta.verify(1, postRequestedFor(urlPathEqualTo("/" + page + "/messages")));
        assertThat(storedRow(page)).isEmpty();
    }

    @Test
    void aTokenMetaRejectsStopsThePagesSendsUntilANewOneIsConnected() {
        String page = newPage();
        String revoked = "EAAB-revoked-" + page;
        String fresh = "EAAB-fresh-" + page;
        meta.stubFor(post(urlPathEqualTo("/" + page + "/messages")).withQueryParam("access_token", equalTo(revoked))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(
                        "{\"error\":{\"message\":\"Error validating access token\",\"type\":\"OAuthException\","
                                + "\"code\":190,\"fbtrace_id\":\"x\"}}")));
        meta.stubFor(post(urlPathEqualTo("/" + page + "/messages")).withQueryParam("access_token", equalTo(fresh))
                .willReturn(okJson("{\"recipient_id\":\"u\",\"message_id\":\"mid.fresh\"}")));
        connect(page, 1, revoked, null);
        awaitRefusal(page, Optional.empty());

        assertThat(send(page)).containsExactly(tuple(OutboundOutcome.FAILED, OutboundReasons.REJECTED_BY_META));
        // The next orders are refused with the reason, not sent to fail one after the other.
        assertThat(send(page)).containsExactly(tuple(OutboundOutcome.REFUSED, OutboundReasons.PAGE_TOKEN_REJECTED));
        assertThat(send(page)).containsExactly(tuple(OutboundOutcome.REFUSED, OutboundReasons.PAGE_TOKEN_REJECTED));
        meta.verify(1, postRequestedFor(urlPathEqualTo("/" + page + "/messages")));

        connect(page, 2, fresh, null);
        awaitRefusal(page, Optional.empty());

        assertThat(send(page)).containsExactly(tuple(OutboundOutcome.SENT, null));
        meta.verify(1, postRequestedFor(urlPathEqualTo("/" + page + "/messages"))
                .withQueryParam("access_token", equalTo(fresh)));
    }

    @Test
    void aRejectionHandoverServicePublishesStopsSendsWithThatTokenOnly() {
        String page = newPage();
        String token = "EAAB-known-bad-" + page;
        stubSent(page);
        connect(page, 1, token, PageTokenCipher.fingerprint(token));
        awaitRefusal(page, Optional.of(OutboundReasons.PAGE_TOKEN_REJECTED));

        assertThat(send(page)).containsExactly(tuple(OutboundOutcome.REFUSED, OutboundReasons.PAGE_TOKEN_REJECTED));
        meta.verify(0, postRequestedFor(urlPathEqualTo("/" + page + "/messages")));

        // A rotation: another token, no rejection standing against it.
        connect(page, 2, token + "-rotated", PageTokenCipher.fingerprint(token));
        awaitRefusal(page, Optional.empty());
        assertThat(send(page)).containsExactly(tuple(OutboundOutcome.SENT, null));
    }

    @Test
    void anOlderRevisionReadLateChangesNothing() {
        String page = newPage();
        stubSent(page);
        connect(page, 5, "EAAB-new-" + page, null);
        awaitRefusal(page, Optional.empty());

        connect(page, 4, "EAAB-old-" + page, null);
        // A later record of the same page, read after the older one: the older was skipped by then.
        String marker = newPage();
        connect(marker, 1, "EAAB-marker-" + marker, null);
        awaitRefusal(marker, Optional.empty());

        assertThat(store.token(page)).contains("EAAB-new-" + page);
        assertThat(storedRow(page).orElseThrow().revision).isEqualTo(5);
    }

    @Test
    void aRecordThatIsNotThisPagesConnectionGoesToTheDeadLetterTopicAndChangesNothing() {
        String page = newPage();
        connect(page, 1, "EAAB-kept-" + page, null);
        awaitRefusal(page, Optional.empty());

        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.PAGE_CONNECTIONS, page, ContractJson.toJson(
                new PageConnection(SchemaVersion.CURRENT, "another-page", 2, null, null, null, Instant.now()))))
                .awaitCompletion(WAIT);

        var dead = TopicReader.of(kafka, Topics.deadLetter(Topics.PAGE_CONNECTIONS)).awaitKey(page, 1, WAIT);
        assertThat(dead).hasSize(1);
        assertThat(store.token(page)).contains("EAAB-kept-" + page);
    }

    @Test
    void aCiphertextSealedWithAnotherKeyIsNotUsed() {
        String page = newPage();
        PageTokenCipher other = new PageTokenCipher("test-1", Map.of("test-1", new byte[32]));
        PageTokenCipher.Sealed sealed = other.seal(page, "EAAB-other-key-" + page);
        produce(page, new PageConnection(SchemaVersion.CURRENT, page, 1, sealed.keyId(), sealed.ciphertext(), null,
                Instant.now()));

        // A later record (one partition: read after it) shows the first one was handled.
        String marker = newPage();
        connect(marker, 1, "EAAB-marker-" + marker, null);
        awaitRefusal(marker, Optional.empty());

        assertThat(storedRow(page)).isPresent();
        assertThat(store.token(page)).isEmpty();
        assertThat(store.refusal(page)).contains(OutboundReasons.NO_PAGE_TOKEN);
    }

    /** The page's stored row, read as the next start reads them all. */
    private Optional<StoredPageConnection> storedRow(String page) {
        return stored.all().stream().filter(row -> row.pageId.equals(page)).findFirst();
    }

    private void connect(String page, long revision, String token, String rejectedFingerprint) {
        PageTokenCipher.Sealed sealed = CIPHER.seal(page, token);
        produce(page, new PageConnection(SchemaVersion.CURRENT, page, revision, sealed.keyId(), sealed.ciphertext(),
                rejectedFingerprint, Instant.now()));
    }

    private void produce(String page, PageConnection connection) {
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.PAGE_CONNECTIONS, page,
                connection == null ? null : ContractJson.toJson(connection))).awaitCompletion(WAIT);
    }

    private void awaitRefusal(String page, Optional<String> refusal) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(store.refusal(page)).isEqualTo(refusal));
    }

    private void stubSent(String page) {
        meta.stubFor(post(urlPathEqualTo("/" + page + "/messages"))
                .withRequestBody(matchingJsonPath("$.recipient.id"))
                .willReturn(okJson("{\"recipient_id\":\"u\",\"message_id\":\"mid.connected\"}")));
    }

    /** One order (the handover question: it needs no catalog) to a new user; its outcome and reason. */
    private List<org.assertj.core.groups.Tuple> send(String page) {
        String psid = Orders.newPsid();
        Decision order = Orders.handover(page, psid, 0, OrderKind.ASK_HANDOVER, "Shall I find you a person?",
                List.of(new QuickReply("Yes", Messenger.HANDOVER_ACCEPT_PAYLOAD),
                        new QuickReply("No", Messenger.HANDOVER_REJECT_PAYLOAD)), Instant.now());
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.CONVERSATION_DECISIONS, order.key(),
                ContractJson.toJson(order))).awaitCompletion(WAIT);
        return TopicReader.of(kafka, Topics.MESSENGER_OUTBOUND).awaitKey(page + ":" + psid, 1, WAIT).stream()
                .map(r -> ContractJson.fromJson(r.value(), OutboundResult.class))
                .map(r -> tuple(r.outcome(), r.reason()))
                .toList();
    }
}
