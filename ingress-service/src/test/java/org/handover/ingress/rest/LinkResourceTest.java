package org.handover.ingress.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.handover.contracts.BulletinClick;
import org.handover.contracts.ContractJson;
import org.handover.contracts.Topics;
import org.handover.contracts.links.LinkToken;
import org.handover.contracts.links.LinkToken.Link;
import org.handover.ingress.service.ClickService;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.OutcomeCounters;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
class LinkResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    /** The %test profile's keys: the current one and a previous one. */
    private static final LinkToken CURRENT = LinkToken.withSecrets(List.of("test-link-signing-key-0123456789abcdef"));
    private static final LinkToken PREVIOUS =
            LinkToken.withSecrets(List.of("test-link-signing-key-previous-0123456789"));
    private static final LinkToken FOREIGN = LinkToken.withSecrets(List.of("some-other-environments-key-0123456789"));

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    MeterRegistry registry;

    private static Link link(String url) {
        return new Link(UUID.randomUUID(), 1, "110000000000001", "7000000000000042", url);
    }

    private static Response get(String token) {
        return given().redirects().follow(false).get(LinkResource.PATH + token);
    }

    @Test
    void redirectsAValidTokenToTheAdminsUrlAndRecordsTheClick() {
        Link link = link("https://shop.example.com/sale?item=42&utm=mh");
        double redirected = OutcomeCounters.count(registry, ClickService.CLICKS, "redirected");
        double published = OutcomeCounters.count(registry, ClickService.RECORDS, "published");

        Response response = get(CURRENT.make(link));

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.header("Location")).isEqualTo(link.url());
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        List<ConsumerRecord<String, String>> records = TopicReader.of(kafka, Topics.BULLETIN_CLICKS)
                .awaitKey(link.bulletinId().toString(), 1, WAIT);
        BulletinClick click = ContractJson.fromJson(records.get(0).value(), BulletinClick.class);
        assertThat(click).extracting(BulletinClick::bulletinId, BulletinClick::linkIndex, BulletinClick::pageId,
                BulletinClick::psid).containsExactly(link.bulletinId().toString(), 1, link.pageId(), link.psid());
        assertThat(click.clickId()).isNotBlank();
        assertThat(click.at()).isNotNull();
        assertThat(OutcomeCounters.count(registry, ClickService.CLICKS, "redirected")).isEqualTo(redirected + 1);
        org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(
                OutcomeCounters.count(registry, ClickService.RECORDS, "published")).isEqualTo(published + 1));
    }

    @Test
    void redirectsAGuidedAnswersLinkAndRecordsItsClickWithTheAnswer() {
        Link link = Link.guidedAnswer("DELIVERY", 0, "960000000000001", "7000000000000077",
                "https://shop.example.com/delivery?zone=3");

        Response response = get(CURRENT.make(link));

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.header("Location")).isEqualTo(link.url());
        List<ConsumerRecord<String, String>> records = TopicReader.of(kafka, Topics.BULLETIN_CLICKS)
                .awaitKey("960000000000001:DELIVERY", 1, WAIT);
        BulletinClick click = ContractJson.fromJson(records.get(0).value(), BulletinClick.class);
        assertThat(click).extracting(BulletinClick::bulletinId, BulletinClick::answerKey, BulletinClick::linkIndex,
                BulletinClick::pageId, BulletinClick::psid)
                .containsExactly(null, "DELIVERY", 0, link.pageId(), link.psid());
        assertThat(records.get(0).value()).doesNotContain("shop.example.com");
    }

    @Test
    void aTokenOfThePreviousKeyStillRedirects() {
        Link link = link("http://old.example/page");
        Response response = get(PREVIOUS.make(link));
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.header("Location")).isEqualTo(link.url());
    }

    @Test
    void refusesForgedTruncatedForeignAndMalformedTokensWithAPlain404() {
        String token = CURRENT.make(link("https://shop.example.com/a"));
        byte[] bytes = Base64.getUrlDecoder().decode(token);
        bytes[bytes.length - 1] ^= 1;
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        double refused = OutcomeCounters.count(registry, ClickService.CLICKS, "refused");

        List<String> bad = List.of(forged, token.substring(0, token.length() - 3), FOREIGN.make(
                link("https://evil.example/phish")), "bad!token", "AAAA", "x".repeat(3000));
        for (String t : bad) {
            Response response = get(t);
            assertThat(response.statusCode()).as(t).isEqualTo(404);
            assertThat(response.header("Location")).as(t).isNull();
            assertThat(response.asString()).as(t).isEqualTo("Not Found");
        }
        assertThat(OutcomeCounters.count(registry, ClickService.CLICKS, "refused")).isEqualTo(refused + bad.size());
    }

    @Test
    void aPreviewCrawlerOrAHeadIsRedirectedButNotCounted() {
        Link link = link("https://shop.example.com/preview");
        String token = CURRENT.make(link);
        double preview = OutcomeCounters.count(registry, ClickService.CLICKS, "preview");

        Response crawler = given().redirects().follow(false)
                .header("User-Agent", "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)")
                .get(LinkResource.PATH + token);
        Response head = given().redirects().follow(false).head(LinkResource.PATH + token);

        assertThat(crawler.statusCode()).isEqualTo(302);
        assertThat(head.statusCode()).isEqualTo(302);
        assertThat(head.header("Location")).isEqualTo(link.url());
        assertThat(OutcomeCounters.count(registry, ClickService.CLICKS, "preview")).isEqualTo(preview + 2);
        // A real click after them is the bulletin's only record: the two fetches before it wrote none.
        get(token).then().statusCode(302);
        assertThat(TopicReader.of(kafka, Topics.BULLETIN_CLICKS).awaitKey(link.bulletinId().toString(), 1, WAIT))
                .hasSize(1);
    }
}
