package org.handover.handover;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.handover.contracts.ContractJson;
import org.handover.contracts.Decision;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.Messenger;
import org.handover.contracts.Owner;
import org.handover.contracts.Topics;
import org.handover.handover.domain.ConversationState;
import org.handover.handover.domain.PageSettings;
import org.handover.handover.domain.TransitionRecord;
import org.handover.handover.repository.ConversationRepository;
import org.handover.handover.repository.PageSettingsRepository;
import org.handover.handover.repository.TransitionRepository;
import org.handover.service.support.jdbc.Sql;
import org.handover.testsupport.InjectMetaApi;
import org.handover.testsupport.TopicReader;

/**
 * The shared set-up of the flow tests that drive the service through Kafka and PostgreSQL with WireMock as the Graph
 * API ({@code NoShowAndHoursFlowTest}, {@code ReconciliationTest}, {@code AnalyticsFlowTest}): the broker's
 * companion, the Graph API's WireMock, the repositories, and the steps they all take: send an event and wait until it
 * was applied (as one partition delivers them), produce a report, save settings, read a conversation's state,
 * history and decisions, and the Graph API calls WireMock received. A subclass is a {@code @QuarkusTest} with
 * {@code KafkaAndPostgresResource} (with a database) and {@code MetaApiResource}: the same resources, one Quarkus
 * start.
 */
public abstract class FlowFixture {

    protected static final Duration WAIT = Duration.ofSeconds(20);
    protected static final String OUR_APP = "220000000000002";
    protected static final String INBOX = Messenger.PAGE_INBOX_APP_ID;
    protected static final String ADMIN_TOKEN = "test-admin-token";

    @InjectKafkaCompanion
    protected KafkaCompanion kafka;

    @InjectMetaApi
    protected WireMockServer meta;

    @Inject
    protected PageSettingsRepository pages;

    @Inject
    protected ConversationRepository conversations;

    @Inject
    protected TransitionRepository transitions;

    @Inject
    protected MeterRegistry registry;

    @Inject
    protected Sql sql;

    /** Sends {@code event} and waits until the service applied it, as one partition would deliver them. */
    protected void send(InboundEvent event) {
        produce(Topics.CONVERSATION_INBOUND, event.key(), event);
        await().atMost(WAIT).until(() -> QuarkusTransaction.requiringNew().call(
                () -> sql.count("select count(*) from processed_event where event_id = ?", event.eventId())) == 1);
    }

    /** Produces {@code value} as JSON to {@code topic} under {@code key}, acknowledged by the broker. */
    protected void produce(String topic, String key, Object value) {
        kafka.produceStrings().fromRecords(new ProducerRecord<>(topic, key, ContractJson.toJson(value)))
                .awaitCompletion(WAIT);
    }

    /** Stores {@code settings}, as the admin API would. */
    protected void save(PageSettings settings) {
        QuarkusTransaction.requiringNew().run(() -> pages.save(settings, Instant.now()));
    }

    /** The default settings of each page, handover active since {@code at}. */
    protected void activateWithDefaults(Instant at, String... pageIds) {
        QuarkusTransaction.requiringNew().run(() -> {
            for (String page : pageIds) {
                pages.save(PageSettings.defaults(page).withHandoverActive(true, at), at);
            }
        });
    }

    /** WireMock accepts every {@code pass_thread_control} and {@code take_thread_control} of each page. */
    protected void acceptThreadControl(String... pageIds) {
        for (String page : pageIds) {
            meta.stubFor(post(urlPathEqualTo("/" + page + "/pass_thread_control")).willReturn(okJson("{\"success\":true}")));
            meta.stubFor(post(urlPathEqualTo("/" + page + "/take_thread_control")).willReturn(okJson("{\"success\":true}")));
        }
    }

    protected ConversationState state(String page, String psid) {
        return QuarkusTransaction.requiringNew().call(() -> conversations.find(page, psid)).orElseThrow();
    }

    /** The conversation's changes of owner, oldest first. */
    protected List<TransitionRecord> history(String page, String psid) {
        return QuarkusTransaction.requiringNew().call(() -> transitions.history(page, psid));
    }

    /** Waits until the conversation's latest change of owner made {@code owner} its owner. */
    protected void awaitOwner(String page, String psid, Owner owner) {
        await().atMost(WAIT).until(() -> {
            List<TransitionRecord> h = history(page, psid);
            return !h.isEmpty() && h.get(h.size() - 1).to() == owner;
        });
    }

    /** The conversation's decisions once there are {@code count} of them, in order. */
    protected List<Decision> decisions(String page, String psid, int count) {
        return TopicReader.of(kafka, Topics.CONVERSATION_DECISIONS).awaitKey(page + ":" + psid, count, WAIT).stream()
                .map(r -> ContractJson.fromJson(r.value(), Decision.class)).toList();
    }

    /** The {@code pass_thread_control} calls WireMock received for the conversation. */
    protected List<LoggedRequest> passCalls(String page, String psid) {
        return threadControlCalls("pass_thread_control", page, psid);
    }

    /** The {@code take_thread_control} calls WireMock received for the conversation. */
    protected List<LoggedRequest> takeCalls(String page, String psid) {
        return threadControlCalls("take_thread_control", page, psid);
    }

    private List<LoggedRequest> threadControlCalls(String call, String page, String psid) {
        return meta.findAll(postRequestedFor(urlPathEqualTo("/" + page + "/" + call))
                .withRequestBody(matchingJsonPath("$.recipient.id", equalTo(psid))));
    }

    /** The metadata a thread-control call carried. */
    protected static String metadata(LoggedRequest request) {
        return JsonPath.from(request.getBodyAsString()).getString("metadata");
    }

    /** A valid body of the admin API's {@code PUT .../settings}, for a test to change. */
    protected static Map<String, Object> settingsBody() {
        Map<String, Object> body = new HashMap<>();
        body.put("channel", "MESSENGER");
        body.put("setupKind", "LEGACY_ROLES");
        body.put("targetAppId", INBOX);
        body.put("questionText", "Shall I find you a person?");
        body.put("acceptTitle", "Yes, a person");
        body.put("rejectTitle", "No, carry on");
        body.put("confirmationText", "Someone will answer you here.");
        body.put("stayWithBotText", "Fine, ask me anything.");
        body.put("honourInboxRequests", true);
        return body;
    }

    /** {@code PUT /admin/pages/{page}/settings} with the operator's token. */
    protected static Response putSettings(String page, Map<String, Object> body) {
        return given().auth().oauth2(ADMIN_TOKEN).contentType(ContentType.JSON).body(body)
                .put("/admin/pages/" + page + "/settings");
    }
}
