package org.handover.handover.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.handover.contracts.Messenger;
import org.handover.handover.domain.PageIds;
import org.handover.handover.domain.PageSettings;
import org.handover.handover.repository.PageSettingsRepository;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.MetaApiResource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * One limit per page text, the same at the API, in the database column (and on the settings page, whose
 * {@code maxlength} is the same constant: {@code SettingsPageHttpTest}): each text is sent as one plain text
 * message, so Messenger's 2000 characters; each answer is a quick reply, so 20. At the limit the API stores it and
 * the column holds it; one past it the API refuses it naming the field and the limit, and so would the column.
 * A page id is 1 to 64 characters (the {@code page_id} column).
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(MetaApiResource.class)
class PageSettingsLimitsTest {

    @Inject
    PageSettingsRepository pages;

    @Inject
    AgroalDataSource database;

    private static String page() {
        return "TEST_" + UUID.randomUUID();
    }

    private static Map<String, Object> settings() {
        Map<String, Object> body = new HashMap<>();
        body.put("channel", "MESSENGER");
        body.put("setupKind", "LEGACY_ROLES");
        body.put("targetAppId", Messenger.PAGE_INBOX_APP_ID);
        body.put("questionText", "Shall I find you a person?");
        body.put("acceptTitle", "Yes, a person");
        body.put("rejectTitle", "No, carry on");
        body.put("confirmationText", "Someone will answer you here.");
        body.put("stayWithBotText", "Fine, ask me anything.");
        body.put("botIsBackText", "I am back.");
        body.put("handoverFailedText", "Nobody is free now.");
        body.put("honourInboxRequests", true);
        body.put("idleTimeoutMinutes", null);
        return body;
    }

    private static Response put(String page, Map<String, Object> body) {
        return given().auth().oauth2("test-admin-token").contentType(ContentType.JSON).body(body)
                .put("/admin/pages/" + page + "/settings");
    }

    /** {@code length} characters, an emoji among them (one character, two UTF-16 units). */
    private static String text(int length) {
        return "\ud83d\ude00" + "x".repeat(length - 1);
    }

    @ParameterizedTest
    @CsvSource({"questionText, 2000", "confirmationText, 2000", "stayWithBotText, 2000", "botIsBackText, 2000",
        "handoverFailedText, 2000", "noShowText, 2000", "outOfHoursText, 2000", "acceptTitle, 20", "rejectTitle, 20",
        "pageLabel, 100"})
    void storesAFieldAtItsLimitAndRefusesOneCharacterMore(String field, int limit) {
        String page = page();
        Map<String, Object> atLimit = settings();
        atLimit.put(field, text(limit));
        Map<String, Object> past = settings();
        past.put(field, text(limit + 1));

        Response stored = put(page, atLimit);
        Response refused = put(page, past);

        assertThat(stored.statusCode()).as(stored.asString()).isEqualTo(200);
        assertThat(stored.jsonPath().getString(field)).isEqualTo(text(limit));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.jsonPath().getList("errors", String.class))
                .containsExactly(field + ": at most " + limit + " characters");
        assertThat(QuarkusTransaction.requiringNew().call(() -> pages.findOrDefaults(page)))
                .extracting(field).isEqualTo(text(limit));
    }

    @ParameterizedTest
    @CsvSource({"question_text, 2000", "confirmation_text, 2000", "stay_with_bot_text, 2000",
        "bot_is_back_text, 2000", "handover_failed_text, 2000", "no_show_text, 2000", "out_of_hours_text, 2000",
        "accept_title, 20", "reject_title, 20", "page_id, 64", "page_label, 100"})
    void everyColumnHoldsExactlyTheLimitTheApiEnforces(String column, int limit) throws Exception {
        assertThat(limit).isEqualTo(switch (column) {
            case "accept_title", "reject_title" -> PageSettings.QUICK_REPLY_TITLE_MAX;
            case "page_id" -> PageIds.MAX;
            case "page_label" -> PageSettings.PAGE_LABEL_MAX;
            default -> PageSettingsUpdate.TEXT_MAX;
        });
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement("select character_maximum_length from "
                        + "information_schema.columns where table_name = 'page_settings' and column_name = ?")) {
            query.setString(1, column);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).as(column).isTrue();
                assertThat(row.getInt(1)).as(column).isEqualTo(limit);
            }
        }
    }

    @Test
    void theColumnTakesATextAtTheLimitAndRefusesOneCharacterMore() {
        String page = page();
        PageSettings defaults = PageSettings.defaults(page);

        QuarkusTransaction.requiringNew().run(() -> pages.save(withQuestion(defaults, text(2000)), Instant.now()));
        assertThat(QuarkusTransaction.requiringNew().call(() -> pages.findOrDefaults(page)).questionText())
                .isEqualTo(text(2000));
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew()
                .run(() -> pages.save(withQuestion(defaults, text(2001)), Instant.now())))
                .as("the database enforces the same limit").isNotNull();
    }

    @Test
    void acceptsAPageIdOf64CharactersAndRefusesOneMore() {
        String atLimit = (page() + "x".repeat(64)).substring(0, 64);

        put(atLimit, settings()).then().statusCode(200);
        Response refused = put(atLimit + "x", settings());

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.jsonPath().getString("reason")).isEqualTo("invalid_page_id");
        assertThat(refused.jsonPath().getList("errors", String.class)).containsExactly(
                "pageId: 1 to 64 characters, without ':', spaces or control characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a%00b", "a%3Ab", "a%20b", "%E2%80%AE1"})
    void refusesPageIdsThatCannotNameAPageOnEveryEndpoint(String encoded) {
        var admin = given().auth().oauth2("test-admin-token").urlEncodingEnabled(false);
        String path = "/admin/pages/" + encoded;

        assertThat(admin.get(path + "/settings").statusCode()).isEqualTo(400);
        assertThat(admin.contentType(ContentType.JSON).body(settings()).put(path + "/settings").statusCode())
                .isEqualTo(400);
        assertThat(admin.post(path + "/activate").statusCode()).isEqualTo(400);
        assertThat(admin.post(path + "/deactivate").statusCode()).isEqualTo(400);
        assertThat(admin.get(path + "/conversations/123/history").statusCode()).isEqualTo(400);
        assertThat(admin.get("/admin/pages/123/conversations/" + encoded + "/history").jsonPath().getString("reason"))
                .isEqualTo("invalid_psid");
    }

    @Test
    void refusesControlCharactersInATextNamingTheField() {
        Map<String, Object> body = settings();
        body.put("confirmationText", "Someone\u0000 will answer");

        Response refused = put(page(), body);

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.jsonPath().getList("errors", String.class)).containsExactly(
                "confirmationText: must be text without control characters (line breaks and tabs are fine)");
    }

    @Test
    void aPageLabelIsOneLineAndAnEmptyOneMeansTheNameOnFacebook() {
        String page = page();
        Map<String, Object> twoLines = settings();
        twoLines.put("pageLabel", "Newsroom\nreaders' desk");
        Map<String, Object> empty = settings();
        empty.put("pageLabel", "  ");

        Response refused = put(page, twoLines);
        Response stored = put(page, empty);

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.jsonPath().getList("errors", String.class))
                .containsExactly("pageLabel: one line, without line breaks or tabs");
        assertThat(stored.statusCode()).isEqualTo(200);
        assertThat(stored.jsonPath().getString("pageLabel")).isNull();
        assertThat(QuarkusTransaction.requiringNew().call(() -> pages.findOrDefaults(page)).pageLabel()).isNull();
    }

    private static PageSettings withQuestion(PageSettings s, String question) {
        return new PageSettings(s.pageId(), s.channel(), s.handoverActive(), s.setupKind(), s.targetAppId(), question,
                s.acceptTitle(), s.rejectTitle(), s.confirmationText(), s.stayWithBotText(), s.botIsBackText(),
                s.honourInboxRequests(), s.idleTimeout(), s.updatedAt());
    }
}
