package org.handover.bot;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.handover.bot.domain.CatalogAnswer;
import org.handover.bot.domain.CatalogDocument;
import org.handover.bot.domain.CatalogMessage;
import org.handover.contracts.ContractJson;
import org.handover.contracts.GuidedCatalog;
import org.handover.contracts.GuidedOption;
import org.handover.contracts.QuickReply;
import org.handover.contracts.Topics;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.MetaApiResource;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(MetaApiResource.class)
class CatalogResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOKEN = "test-admin-token";

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Test
    void refusesEveryAdminCallWithoutTheAdminToken() {
        String path = "/admin/catalogs/" + Orders.DEMO_PAGE;
        given().get(path).then().statusCode(401).header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer wrong-token").get(path).then().statusCode(401);
        given().header("Authorization", "Basic " + TOKEN).get(path).then().statusCode(401);
        given().contentType(ContentType.JSON).body(ContractJson.toJson(catalog(Orders.DEMO_PAGE, "Hi")))
                .put(path).then().statusCode(401);
        given().delete(path).then().statusCode(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"//admin/catalogs/%s", "/admin//catalogs/%s", "/admin/catalogs/%s/",
        "/%%61dmin/catalogs/%s", "/admin/catalogs/%s;x=1", "/admin/./catalogs/%s", "/q/../admin/catalogs/%s", "/ADMIN/catalogs/%s"})
    void noOtherSpellingOfTheCatalogPathGetsRoundTheAdminToken(String spelling) {
        // The filter is bound to the resource, not to a path prefix: whatever reaches the catalogs needs the token.
        String path = spelling.formatted(Orders.DEMO_PAGE);
        io.restassured.response.Response response = given().urlEncodingEnabled(false).get(path);

        assertThat(response.statusCode()).as("%s without a token", path).isIn(401, 404);
        assertThat(response.asString()).as("%s without a token", path).doesNotContain("GET_STARTED");
    }

    @Test
    void leavesEveryPathOutsideTheAdminResourceOpen() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        // The old path-prefix filter answered 401 here; only the admin resource needs the token now.
        given().get("/administrators").then().statusCode(404);
        given().get("/admin/unknown").then().statusCode(404);
    }

    @Test
    void seedsTheDemoCatalogAtStartAndPublishesIt() {
        var view = admin().get("/admin/catalogs/" + Orders.DEMO_PAGE).then().statusCode(200).extract().jsonPath();
        assertThat(view.getString("catalog.welcome.payload")).isEqualTo("GET_STARTED");
        assertThat(view.getList("catalog.welcome.quickReplies.title", String.class))
                .containsExactly("Opening hours", "Delivery", "Returns");

        GuidedCatalog published = ContractJson.fromJson(TopicReader.of(kafka, Topics.BOT_CATALOG)
                .awaitKey(Orders.DEMO_PAGE, 1, WAIT).get(0).value(), GuidedCatalog.class);
        assertThat(published.options()).extracting(GuidedOption::payload)
                .containsExactly("GET_STARTED", "OPENING_HOURS", "DELIVERY", "TRACK_ORDER", "RETURNS");
    }

    @Test
    void storesAndPublishesEveryChangeWithAnIncreasingRevision() {
        String page = newPage();

        put(page, catalog(page, "Hello!")).then().statusCode(200);
        var second = put(page, catalog(page, "Welcome back!")).then().statusCode(200).extract().jsonPath();

        assertThat(second.getLong("revision")).isEqualTo(2);
        assertThat(admin().get("/admin/catalogs/" + page).then().statusCode(200).extract().jsonPath()
                .getString("catalog.welcome.text")).isEqualTo("Welcome back!");
        List<GuidedCatalog> published = TopicReader.of(kafka, Topics.BOT_CATALOG).awaitKey(page, 2, WAIT).stream()
                .map(r -> ContractJson.fromJson(r.value(), GuidedCatalog.class)).toList();
        assertThat(published).extracting(GuidedCatalog::revision).containsExactly(1L, 2L);
        assertThat(published.get(1).options()).containsExactly(
                new GuidedOption("GET_STARTED", "Main menu", List.of("hi")),
                new GuidedOption("HOURS", "Opening hours", List.of("hours")));
    }

    @Test
    void refusesAnInvalidCatalogWithEveryProblemAndKeepsThePreviousOne() {
        String page = newPage();
        put(page, catalog(page, "Hello!")).then().statusCode(200);
        CatalogDocument invalid = new CatalogDocument(page,
                new CatalogAnswer("GET_STARTED", "Main menu", List.of(), "Hi",
                        List.of(new QuickReply("Opening hours and more", "HOURS"),
                                new QuickReply("Agent", "MH_HANDOVER_ACCEPT"))),
                List.of(new CatalogAnswer("HOURS", "Opening hours", List.of(), "", List.of())),
                new CatalogMessage("Sorry?", List.of()));

        var refused = put(page, invalid).then().statusCode(422).extract().jsonPath();

        assertThat(refused.getList("errors", String.class)).containsExactly(
                "welcome.quickReplies[0].title: \"Opening hours and more\" is 22 characters, at most 20",
                "welcome.quickReplies[1].payload: MH_HANDOVER_ACCEPT starts with MH_, which is reserved for the"
                        + " handover answers",
                "answers[0].text: empty");
        var kept = admin().get("/admin/catalogs/" + page).then().statusCode(200).extract().jsonPath();
        assertThat(kept.getLong("revision")).isEqualTo(1);
        assertThat(kept.getString("catalog.welcome.text")).isEqualTo("Hello!");
    }

    @Test
    void refusesABodyThatIsNotACatalogDocument() {
        String page = newPage();

        var refused = admin().contentType(ContentType.JSON).body("{\"welcome\": [").put("/admin/catalogs/" + page)
                .then().statusCode(422).extract().jsonPath();

        assertThat(refused.getList("errors", String.class)).hasSize(1)
                .allSatisfy(e -> assertThat(e).startsWith("not a catalog document: "));
        admin().get("/admin/catalogs/" + page).then().statusCode(404);
    }

    @Test
    void deletesACatalogAndPublishesATombstone() {
        String page = newPage();
        put(page, catalog(page, "Hello!")).then().statusCode(200);

        admin().delete("/admin/catalogs/" + page).then().statusCode(204);

        admin().get("/admin/catalogs/" + page).then().statusCode(404);
        admin().delete("/admin/catalogs/" + page).then().statusCode(404);
        var records = TopicReader.of(kafka, Topics.BOT_CATALOG).awaitKey(page, 2, WAIT);
        assertThat(records.get(1).value()).as("tombstone").isNull();
    }

    private static String newPage() {
        return "7" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 100_000_000_000_000L);
    }

    @Test
    void keepsTheChoiceToTrackLinksAndRefusesAnAnswerThatPassesTheLimitOnceTracked() {
        String page = "960000000000003";
        CatalogDocument plain = catalog(page, "Hi, see https://shop.example.com/");
        CatalogDocument tracked = new CatalogDocument(page, plain.welcome(), plain.answers(), plain.fallback(), true);
        put(page, tracked).then().statusCode(200);
        assertThat(admin().get("/admin/catalogs/" + page).then().statusCode(200).extract().jsonPath()
                .getBoolean("catalog.trackLinks")).isTrue();

        // 1990 characters as written: within Messenger's limit, past it once the link is tracked
        String tooLong = "x".repeat(1990 - " https://shop.example.com/".length()) + " https://shop.example.com/";
        CatalogDocument longer = new CatalogDocument(page, catalog(page, tooLong).welcome(), plain.answers(),
                plain.fallback(), true);
        var refused = put(page, longer).then().statusCode(422).extract().jsonPath();
        assertThat(refused.getList("errors", String.class)).singleElement().asString()
                .startsWith("welcome.text: ").endsWith(" characters once its links are tracked, at most 2000");
        CatalogDocument untracked = new CatalogDocument(page, longer.welcome(), plain.answers(), plain.fallback(),
                false);
        put(page, untracked).then().statusCode(200);
        assertThat(admin().get("/admin/catalogs/" + page).then().statusCode(200).extract().jsonPath()
                .getBoolean("catalog.trackLinks")).isFalse();
    }

    private static CatalogDocument catalog(String page, String welcomeText) {
        return new CatalogDocument(page,
                new CatalogAnswer("GET_STARTED", "Main menu", List.of("hi"), welcomeText,
                        List.of(new QuickReply("Opening hours", "HOURS"))),
                List.of(new CatalogAnswer("HOURS", "Opening hours", List.of("hours"), "9 to 5.",
                        List.of(new QuickReply("Main menu", "GET_STARTED")))),
                new CatalogMessage("Sorry?", List.of()));
    }

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + TOKEN);
    }

    private static io.restassured.response.Response put(String page, CatalogDocument catalog) {
        return admin().contentType(ContentType.JSON).body(ContractJson.toJson(catalog)).put("/admin/catalogs/" + page);
    }
}
