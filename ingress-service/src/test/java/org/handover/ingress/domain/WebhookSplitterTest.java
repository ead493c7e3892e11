package org.handover.ingress.domain;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookSplitterTest {

    private static SplitResult split(String body) {
        return WebhookSplitter.split(body.getBytes(UTF_8));
    }

    private static SplitResult.Batch batch(String body) {
        SplitResult result = split(body);
        assertThat(result).isInstanceOf(SplitResult.Batch.class);
        return (SplitResult.Batch) result;
    }

    private static String reason(String body) {
        SplitResult result = split(body);
        assertThat(result).isInstanceOf(SplitResult.Unusable.class);
        return ((SplitResult.Unusable) result).reason();
    }

    @Test
    void splitsEveryMessagingAndStandbyEventInBodyOrder() {
        String body = """
                {"object":"page","entry":[
                  {"id":"P1","time":1000,"messaging":[
                     {"sender":{"id":"U1"},"recipient":{"id":"P1"},"timestamp":1,"message":{"mid":"m1","text":"a"}},
                     {"sender":{"id":"U2"},"recipient":{"id":"P1"},"timestamp":2,"postback":{"payload":"X"}}]},
                  {"id":"P2","time":2000,"standby":[
                     {"sender":{"id":"U3"},"recipient":{"id":"P2"},"timestamp":3,"read":{"watermark":1}}],
                   "messaging":[
                     {"sender":{"id":"U3"},"recipient":{"id":"P2"},"timestamp":4,"delivery":{"watermark":1}}]}]}""";

        SplitResult.Batch batch = batch(body);

        assertThat(batch.object()).isEqualTo("page");
        assertThat(batch.entriesWithoutEvents()).isZero();
        assertThat(batch.events())
                .extracting(WebhookEvent::key, WebhookEvent::channel, WebhookEvent::pageId, WebhookEvent::entryTime)
                .containsExactly(
                        tuple("P1:U1", "messaging", "P1", 1000L),
                        tuple("P1:U2", "messaging", "P1", 1000L),
                        tuple("P2:U3", "standby", "P2", 2000L),
                        tuple("P2:U3", "messaging", "P2", 2000L));
    }

    @Test
    void keepsEachEventExactlyAsSentEscapesSpacingAndKeyOrderIncluded() {
        String event1 = "{ \"timestamp\" : 1,\n  \"sender\":{\"id\":\"U1\"},\"message\":{\"text\":\"caf\\u00e9 \\\"q\\\" \\/\"}}";
        String event2 = "{\"sender\":{\"id\":\"U1\"},\"message\":{\"text\":\"raw é 😀\"},\"n\":1.50e1}";
        String body = "{\"entry\":[{\"messaging\":[" + event1 + " ,\n" + event2 + "],\"time\":5,\"id\":\"P1\"}],"
                + "\"object\":\"page\"}";

        SplitResult.Batch batch = batch(body);

        assertThat(batch.events()).extracting(WebhookEvent::json).containsExactly(event1, event2);
        assertThat(batch.events().get(1).json().getBytes(UTF_8)).isEqualTo(event2.getBytes(UTF_8));
    }

    @Test
    void keysAnEchoByTheUserItWasSentTo() {
        String body = """
                {"object":"page","entry":[{"id":"P1","time":1,"messaging":[
                  {"sender":{"id":"P1"},"recipient":{"id":"U9"},"message":{"is_echo":true,"app_id":7,"mid":"m"}}]}]}""";

        assertThat(batch(body).events()).extracting(WebhookEvent::key).containsExactly("P1:U9");
    }

    /**
     * The key fields are read by streaming, not from a tree of the event; these shapes pin that they mean what the
     * tree meant ({@code path("sender").path("id")}, {@code path("message").path("is_echo").asBoolean(false)}): a
     * repeated name counts by its last value, numbers are ids, "true" and non-zero numbers are an echo.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"sender":{"id":"U1"},"sender":{"id":"U2"},"recipient":{"id":"P1"}}               | P1:U2
            {"sender":{"id":"U1","id":"U3"},"recipient":{"id":"P1"}}                          | P1:U3
            {"sender":{"id":"U1"},"sender":{},"recipient":{"id":"P1"}}                         | P1
            {"sender":{"id":12345},"recipient":{"id":"P1"}}                                     | P1:12345
            {"sender":{"id":{"id":"U1"}},"recipient":{"id":"P1"}}                               | P1
            {"sender":{"id":null},"recipient":{"id":"P1"}}                                      | P1
            {"sender":"U1","recipient":{"id":"P1"}}                                             | P1
            {"sender":{"id":"U1"},"recipient":{"id":"U9"},"message":{"is_echo":"true"}}         | P1:U9
            {"sender":{"id":"U1"},"recipient":{"id":"U9"},"message":{"is_echo":1}}              | P1:U9
            {"sender":{"id":"U1"},"recipient":{"id":"U9"},"message":{"is_echo":0}}              | P1:U1
            {"sender":{"id":"U1"},"recipient":{"id":"U9"},"message":{"is_echo":{"x":true}}}     | P1:U1
            {"sender":{"id":"U1"},"recipient":{"id":"U9"},"message":{"is_echo":true},"message":{}} | P1:U1
            {"message":{"is_echo":true,"nested":[{"sender":{"id":"X"}}]},"recipient":{"id":"U9"}} | P1:U9
            """)
    void keyFieldsMeanWhatTheTreeMeant(String event, String key) {
        String body = "{\"object\":\"page\",\"entry\":[{\"id\":\"P1\",\"time\":1,\"messaging\":[" + event + "]}]}";

        assertThat(batch(body).events()).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo(key);
            assertThat(e.json()).isEqualTo(event);
        });
    }

    @Test
    void keysAnEchoByItsRecipientEvenWhenTheSenderIsNotThePageId() {
        String body = """
                {"object":"page","entry":[{"id":"P1","time":1,"standby":[
                  {"sender":{"id":"OTHER"},"recipient":{"id":"U9"},"message":{"is_echo":true}}]}]}""";

        assertThat(batch(body).events()).extracting(WebhookEvent::key).containsExactly("P1:U9");
    }

    @Test
    void keysPageLevelEventsByThePageAlone() {
        String body = """
                {"object":"page","entry":[{"id":"P1","time":1,"messaging":[
                  {"recipient":{"id":"P1"},"timestamp":1,"app_roles":{"220000000000002":["primary_receiver"]}},
                  {"sender":{},"recipient":{"id":"P1"}},
                  {"sender":{"id":"bad:id"},"recipient":{"id":"P1"}},
                  {"sender":{"id":"P1"},"recipient":{"id":"P1"}}]}]}""";

        assertThat(batch(body).events()).extracting(WebhookEvent::key).containsExactly("P1", "P1", "P1", "P1");
    }

    @Test
    void readsAnEntryTimeWrittenAsAStringOfDigitsAsANumber() {
        String event = "{\"sender\":{\"id\":\"U1\"},\"recipient\":{\"id\":\"P1\"},\"timestamp\":\"1764061200000\","
                + "\"message\":{\"mid\":\"m1\",\"text\":\"a\"}}";
        String body = "{\"object\":\"page\",\"entry\":[{\"id\":\"P1\",\"time\":\"1764061200100\",\"messaging\":["
                + event + "]}]}";

        assertThat(batch(body).events())
                .extracting(WebhookEvent::key, WebhookEvent::entryTime, WebhookEvent::json)
                .containsExactly(tuple("P1:U1", 1764061200100L, event));
    }

    @Test
    void keysEventsWithoutAPsidByThePage() {
        String body = """
                {"object":"page","entry":[{"id":"P1","time":1,"messaging":[
                  {"recipient":{"id":"P1"},"timestamp":1,"policy_enforcement":{"action":"block","reason":"r"}},
                  {"recipient":{"id":"P1"},"timestamp":1,"optin":{"ref":"checkout","user_ref":"REF1"}},
                  {"sender":{"user_ref":"REF2"},"recipient":{"id":"P1"},"timestamp":"1","postback":{"payload":"X"}},
                  {"sender":{"id":"U1"},"recipient":{"id":"P1"},"delivery":{"watermark":1}}]}]}""";

        assertThat(batch(body).events()).extracting(WebhookEvent::key).containsExactly("P1", "P1", "P1", "P1:U1");
    }

    @Test
    void acceptsNumericIds() {
        String body = """
                {"object":"page","entry":[{"id":110000000000001,"time":1,"messaging":[
                  {"sender":{"id":42},"recipient":{"id":110000000000001}}]}]}""";

        assertThat(batch(body).events()).extracting(WebhookEvent::key).containsExactly("110000000000001:42");
    }

    @Test
    void countsEntriesWithoutEventsAndKeepsTheOthers() {
        String body = """
                {"object":"page","entry":[{"id":"P1","time":1,"changes":[{"field":"feed"}]},
                  {"id":"P1","time":1,"messaging":[{"sender":{"id":"U1"}}]},
                  {"id":"P1","time":1,"messaging":[]}]}""";

        SplitResult.Batch batch = batch(body);

        assertThat(batch.entriesWithoutEvents()).isEqualTo(1);
        assertThat(batch.events()).extracting(WebhookEvent::key).containsExactly("P1:U1");
    }

    @Test
    void acceptsABodyWithNoEntries() {
        assertThat(batch("{\"object\":\"page\",\"entry\":[]}").events()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"object\":\"instagram\",\"entry\":[{\"id\":\"1\",\"time\":1,\"messaging\":[]}]} | unsupported_object: instagram",
            "{\"entry\":[{\"changes\":[]}],\"object\":\"whatsapp_business_account\"} | unsupported_object: whatsapp_business_account",
            "{\"object\":\"user\",\"entry\":[{\"uid\":1}]}                                  | unsupported_object: user",
            "{\"object\":\"Page <script>\",\"entry\":[]}                                    | unsupported_object: (not shown)",
            "{\"entry\":[]}                                                                 | missing_object",
            "{\"object\":{\"a\":1},\"entry\":[]}                                            | missing_object",
            "[1,2]                                                                          | not_an_object",
            "\"page\"                                                                       | not_an_object",
            "{\"object\":\"page\",\"entry\":{}}                                             | invalid_envelope: entry is not an array",
            "{\"object\":\"page\",\"entry\":[7]}                                            | invalid_envelope: entry[0] is not an object",
            "{\"object\":\"page\",\"entry\":[{\"time\":1,\"messaging\":[]}]}                | invalid_envelope: entry[0].id is missing or not an id",
            "{\"object\":\"page\",\"entry\":[{\"id\":\"a:b\",\"time\":1,\"messaging\":[]}]} | invalid_envelope: entry[0].id is missing or not an id",
            "{\"object\":\"page\",\"entry\":[{\"id\":{\"x\":1},\"time\":1}]}                | invalid_envelope: entry[0].id is missing or not an id",
            "{\"object\":\"page\",\"entry\":[{\"id\":\"P\",\"messaging\":[]}]}               | invalid_envelope: entry[0].time is missing or not a number",
            "{\"object\":\"page\",\"entry\":[{\"id\":\"P\",\"time\":\"soon\"}]}             | invalid_envelope: entry[0].time is missing or not a number",
            "{\"object\":\"page\",\"entry\":[{\"id\":\"P\",\"time\":\"-1\"}]}               | invalid_envelope: entry[0].time is missing or not a number",
            "{\"object\":\"page\",\"entry\":[{\"id\":\"P\",\"time\":\"\"}]}                 | invalid_envelope: entry[0].time is missing or not a number",
            "{\"object\":\"page\",\"entry\":[{\"id\":\"P\",\"time\":1.5}]}                  | invalid_envelope: entry[0].time is missing or not a number",
            "{\"object\":\"page\",\"entry\":[{\"id\":\"P\",\"time\":1,\"messaging\":{}}]}   | invalid_envelope: entry[0].messaging is not an array",
            "{\"object\":\"page\",\"entry\":[{\"id\":\"P\",\"time\":1,\"standby\":[1]}]}    | invalid_envelope: entry[0].standby[0] is not an object",
    })
    void quarantinesBodiesThatAreNotPageBatches(String body, String expected) {
        assertThat(reason(body.trim())).isEqualTo(expected);
    }

    @Test
    void reportsUnparseableJsonWithoutQuotingIt() {
        String reason = reason("{\"object\":\"page\",\"entry\":[{\"id\":\"SECRET-TEXT\" oops}]}");

        assertThat(reason).startsWith("unparseable_json: JsonParseException (line 1").doesNotContain("SECRET", "oops");
        assertThat(reason("")).startsWith("unparseable_json");
        assertThat(reason("{\"object\":\"page\",\"entry\":[]} {}")).isEqualTo("unparseable_json: content after the body");
        assertThat(reason("{\"object\":\"page\",\"entry\":[]}x")).startsWith("unparseable_json");
    }

    @Test
    void quarantinesInvalidUtf8() {
        byte[] body = "{\"object\":\"page\",\"entry\":[{\"id\":\"P\",\"time\":1,\"messaging\":[{\"t\":\"XX\"}]}]}"
                .getBytes(UTF_8);
        int at = new String(body, UTF_8).indexOf("XX");
        body[at] = (byte) 0xC3; // a lead byte followed by an ASCII byte: not UTF-8
        assertThat(WebhookSplitter.split(body)).isInstanceOfSatisfying(SplitResult.Unusable.class,
                u -> assertThat(u.reason()).startsWith("unparseable_json"));
    }
}
