package org.handover.bot;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.handover.bot.domain.CatalogAnswer;
import org.handover.bot.domain.CatalogDocument;
import org.handover.bot.domain.CatalogMessage;
import org.handover.bot.domain.CatalogValidator;
import org.handover.contracts.ContractJson;
import org.handover.contracts.QuickReply;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.MetaApiResource;
import org.junit.jupiter.api.Test;

/**
 * One limit per field of a catalog, the same at the API as in the database: a text of 2000 characters is stored and
 * one of 2001 refused naming the field and the limit; a page id of 64 characters (the {@code page_id} column) is
 * stored, one of 65 refused; and the column's length is the validator's constant.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(MetaApiResource.class)
class CatalogLimitsTest {

    @Inject
    AgroalDataSource database;

    private static String page() {
        return "7" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 100_000_000_000_000L);
    }

    private static CatalogDocument catalog(String page, String welcomeText, String title) {
        return new CatalogDocument(page,
                new CatalogAnswer("GET_STARTED", "Main menu", List.of("hi"), welcomeText,
                        List.of(new QuickReply(title, "HOURS"))),
                List.of(new CatalogAnswer("HOURS", title, List.of("hours"), "9 to 5.", List.of())),
                new CatalogMessage("Sorry?", List.of()));
    }

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer test-admin-token").contentType(ContentType.JSON);
    }

    @Test
    void storesATextAtTheLimitAndRefusesOneCharacterMore() {
        String page = page();
        // An emoji is one character for Messenger (two UTF-16 units): 1999 of them plus one letter is 2000.
        String atLimit = "\ud83d\ude00".repeat(1999) + "a";

        admin().body(ContractJson.toJson(catalog(page, atLimit, "Opening hours"))).put("/admin/catalogs/" + page)
                .then().statusCode(200);
        List<String> errors = admin().body(ContractJson.toJson(catalog(page, atLimit + "b", "Opening hours")))
                .put("/admin/catalogs/" + page).then().statusCode(422).extract().jsonPath().getList("errors");

        assertThat(errors).containsExactly("welcome.text: 2001 characters, at most 2000");
        assertThat(admin().get("/admin/catalogs/" + page).then().statusCode(200).extract().jsonPath()
                .getString("catalog.welcome.text")).isEqualTo(atLimit);
    }

    @Test
    void storesATitleAtTheLimitAndRefusesOneCharacterMore() {
        String page = page();

        admin().body(ContractJson.toJson(catalog(page, "Hi", "x".repeat(20)))).put("/admin/catalogs/" + page)
                .then().statusCode(200);
        List<String> errors = admin().body(ContractJson.toJson(catalog(page, "Hi", "x".repeat(21))))
                .put("/admin/catalogs/" + page).then().statusCode(422).extract().jsonPath().getList("errors");

        assertThat(errors).containsExactly(
                "welcome.quickReplies[0].title: \"xxxxxxxxxxxxxxxxxxxxx\" is 21 characters, at most 20",
                "answers[0].title: \"xxxxxxxxxxxxxxxxxxxxx\" is 21 characters, at most 20");
    }

    @Test
    void storesAPageIdAtTheColumnsLengthAndRefusesOneMore() {
        String unique = Long.toString(System.nanoTime());
        String atLimitPadded = unique + "9".repeat(CatalogValidator.MAX_PAGE_ID_LENGTH - unique.length());
        String tooLong = atLimitPadded + "1";

        admin().body(ContractJson.toJson(catalog(atLimitPadded, "Hi", "Hours"))).put("/admin/catalogs/" + atLimitPadded)
                .then().statusCode(200);
        List<String> errors = admin().body(ContractJson.toJson(catalog(tooLong, "Hi", "Hours")))
                .put("/admin/catalogs/" + tooLong).then().statusCode(400).extract().jsonPath().getList("errors");

        assertThat(errors).containsExactly("pageId: 65 characters, at most 64");
        admin().get("/admin/catalogs/" + tooLong).then().statusCode(400);
        admin().delete("/admin/catalogs/" + tooLong).then().statusCode(400);
    }

    @Test
    void refusesControlCharactersInTextsAndPageIds() {
        String page = page();

        List<String> errors = admin().body(ContractJson.toJson(catalog(page, "Hi\u0000there", "Hours")))
                .put("/admin/catalogs/" + page).then().statusCode(422).extract().jsonPath().getList("errors");

        assertThat(errors).containsExactly(
                "welcome.text: must be text without control characters (line breaks and tabs are fine)");
        admin().urlEncodingEnabled(false).get("/admin/catalogs/7%00").then().statusCode(400);
    }

    @Test
    void refusesADocumentOverTheSizeOfOneRecord() {
        String page = page();
        List<CatalogAnswer> answers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            answers.add(new CatalogAnswer("A" + i, "Answer " + i, List.of(), "y".repeat(2000), List.of()));
        }
        CatalogDocument huge = new CatalogDocument(page, catalog(page, "Hi", "Hours").welcome(), answers,
                new CatalogMessage("Sorry?", List.of()));

        List<String> errors = admin().body(ContractJson.toJson(huge)).put("/admin/catalogs/" + page)
                .then().statusCode(422).extract().jsonPath().getList("errors");

        assertThat(errors).singleElement().asString().startsWith("catalog: ").endsWith(" bytes as JSON, at most 524288");
        admin().get("/admin/catalogs/" + page).then().statusCode(404);
    }

    @Test
    void thePageIdColumnHoldsWhatTheValidatorAllows() throws Exception {
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement("select character_maximum_length from "
                        + "information_schema.columns where table_schema = 'bot' and table_name = 'page_catalog' "
                        + "and column_name = 'page_id'");
                ResultSet row = query.executeQuery()) {
            assertThat(row.next()).isTrue();
            assertThat(row.getInt(1)).isEqualTo(CatalogValidator.MAX_PAGE_ID_LENGTH);
        }
    }
}
