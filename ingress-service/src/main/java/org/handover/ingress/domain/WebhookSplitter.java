package org.handover.ingress.domain;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.handover.contracts.ContractJson;
import org.handover.contracts.ConversationKey;
import org.handover.contracts.RawEventHeaders;

/**
 * Splits a verified webhook body ({@code {"object":"page","entry":[...]}}) into one {@link WebhookEvent} per element
 * of {@code entry[].messaging[]} and {@code entry[].standby[]}.
 *
 * <p><b>Values as Meta sent them.</b> One streaming pass over the raw bytes records where each event object starts
 * and ends, and the event's value is that slice of the body, decoded as UTF-8. The parser has already validated the
 * UTF-8, so encoding the value again (Kafka's {@code StringSerializer}) gives back exactly the bytes Meta sent:
 * escapes such as {@code \u00e9} stay escapes, key order and spacing stay as they were. Nothing is re-serialised.
 *
 * <p><b>Keys.</b> The conversation is the user's: for an event the user sent, {@code sender.id}; for an echo
 * ({@code message.is_echo}, a message the page sent to the user) and for any event whose sender is the page itself,
 * {@code recipient.id}. The page id is the entry's {@code id}. An event with no usable user id (for example
 * {@code app_roles}, which only names the page) is keyed by the page id alone ({@link ConversationKey#forPage}).
 *
 * <p><b>What is not a batch.</b> Invalid JSON, a non-object root, a missing or non-{@code page} {@code object}, or an
 * envelope whose shape is not Meta's (an entry without a usable {@code id} or a {@code time} that is a number or a
 * string of digits, an event that is not an object) give {@link SplitResult.Unusable}; the caller quarantines the whole body. Plain Java, no framework
 * types: unit-tested directly.
 */
public final class WebhookSplitter {

    /** The only {@code object} this service handles. */
    public static final String PAGE_OBJECT = "page";

    private static final ObjectMapper MAPPER = ContractJson.mapper();
    /** Reason code of a body with more events than the cap. */
    public static final String TOO_MANY_EVENTS = "too_many_events";
    /** Object names safe to repeat in a reason (Meta's are short lower-case words). */
    private static final Pattern SAFE_OBJECT = Pattern.compile("[a-z_]{1,40}");
    /** An epoch time written as a string: digits only, and few enough to fit a {@code long}. */
    private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");

    private WebhookSplitter() {
    }

    /** Splits {@code body} whatever its number of events; never throws on bad input. */
    public static SplitResult split(byte[] body) {
        return split(body, Integer.MAX_VALUE);
    }

    /**
     * Splits {@code body}; never throws on bad input. A body with more than {@code maxEvents} events (counted over
     * every entry's {@code messaging[]} and {@code standby[]}) is {@link SplitResult.Unusable} with reason
     * {@link #TOO_MANY_EVENTS}: events beyond the cap are counted but not read, so a body of tiny events costs no
     * more memory than a body at the cap.
     */
    public static SplitResult split(byte[] body, int maxEvents) {
        try (JsonParser parser = MAPPER.createParser(body)) {
            return new Pass(parser, body, maxEvents).run();
        } catch (JsonProcessingException e) {
            return new SplitResult.Unusable("unparseable_json: " + ContractJson.describe(e), null);
        } catch (IOException e) {
            return new SplitResult.Unusable("unparseable_json: " + e.getClass().getSimpleName(), null);
        }
    }

    /** One pass over one body; keeps the first shape problem but reads on, because {@code object} may come last. */
    private static final class Pass {
        private final JsonParser parser;
        private final byte[] body;
        private final List<WebhookEvent> events = new ArrayList<>();
        private String object;
        private boolean objectInvalid;
        private String problem;
        private int entriesWithoutEvents;
        private final int maxEvents;
        private int eventCount;

        Pass(JsonParser parser, byte[] body, int maxEvents) {
            this.parser = parser;
            this.body = body;
            this.maxEvents = maxEvents;
        }

        SplitResult run() throws IOException {
            JsonToken root = parser.nextToken();
            if (root == null) {
                return new SplitResult.Unusable("unparseable_json: empty body", null);
            }
            if (root != JsonToken.START_OBJECT) {
                return new SplitResult.Unusable("not_an_object", null);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "object" -> {
                        if (value == JsonToken.VALUE_STRING) {
                            object = parser.getText();
                        } else {
                            objectInvalid = true;
                            parser.skipChildren();
                        }
                    }
                    case "entry" -> readEntries(value);
                    default -> parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                return new SplitResult.Unusable("unparseable_json: content after the body", object);
            }
            if (object == null || objectInvalid) {
                return new SplitResult.Unusable("missing_object", null);
            }
            if (!PAGE_OBJECT.equals(object)) {
                String name = SAFE_OBJECT.matcher(object).matches() ? object : "(not shown)";
                return new SplitResult.Unusable("unsupported_object: " + name, object);
            }
            if (eventCount > maxEvents) {
                return new SplitResult.Unusable(TOO_MANY_EVENTS + ": " + eventCount + ", at most " + maxEvents,
                        object);
            }
            if (problem != null) {
                return new SplitResult.Unusable("invalid_envelope: " + problem, object);
            }
            return new SplitResult.Batch(object, events, entriesWithoutEvents);
        }

        private void readEntries(JsonToken value) throws IOException {
            if (value != JsonToken.START_ARRAY) {
                note("entry is not an array");
                parser.skipChildren();
                return;
            }
            int index = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token == JsonToken.START_OBJECT) {
                    readEntry(index);
                } else {
                    note("entry[" + index + "] is not an object");
                    parser.skipChildren();
                }
                index++;
            }
        }

        private void readEntry(int index) throws IOException {
            String pageId = null;
            Long time = null;
            boolean hasEvents = false;
            List<Slice> slices = new ArrayList<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "id" -> {
                        pageId = value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT
                                ? id(parser.getText()) : null;
                        parser.skipChildren();
                    }
                    case "time" -> {
                        time = time(value);
                        parser.skipChildren();
                    }
                    case RawEventHeaders.CHANNEL_MESSAGING, RawEventHeaders.CHANNEL_STANDBY -> {
                        hasEvents = true;
                        readEvents(field, value, index, slices);
                    }
                    default -> parser.skipChildren();
                }
            }
            if (pageId == null) {
                note("entry[" + index + "].id is missing or not an id");
                return;
            }
            if (time == null) {
                note("entry[" + index + "].time is missing or not a number");
                return;
            }
            if (!hasEvents) {
                entriesWithoutEvents++;
            }
            for (Slice slice : slices) {
                events.add(new WebhookEvent(key(pageId, slice.fields()), slice.json(), slice.channel(), pageId, time));
            }
        }

        /** {@code entry[].time}: a JSON integer, or a string of digits (Meta sends both); else {@code null}. */
        private Long time(JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_NUMBER_INT) {
                return parser.getLongValue();
            }
            return value == JsonToken.VALUE_STRING && DIGITS.matcher(parser.getText()).matches()
                    ? Long.valueOf(parser.getText()) : null;
        }

        private void readEvents(String channel, JsonToken value, int entry, List<Slice> slices) throws IOException {
            if (value != JsonToken.START_ARRAY) {
                note("entry[" + entry + "]." + channel + " is not an array");
                parser.skipChildren();
                return;
            }
            int index = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token != JsonToken.START_OBJECT) {
                    note("entry[" + entry + "]." + channel + "[" + index + "] is not an object");
                    parser.skipChildren();
                } else if (++eventCount > maxEvents) {
                    // Over the cap the body goes whole to quarantine: count the rest, do not build them.
                    parser.skipChildren();
                } else {
                    int start = (int) parser.currentTokenLocation().getByteOffset();
                    KeyFields fields = readKeyFields();
                    int end = (int) parser.currentLocation().getByteOffset();
                    slices.add(new Slice(channel, new String(body, start, end - start, UTF_8), fields));
                }
                index++;
            }
        }

        /**
         * From the event object the parser is at to its end: only what the key needs ({@code sender.id},
         * {@code recipient.id}, {@code message.is_echo}), the rest skipped without building it. A repeated name
         * counts by its last value, as in a tree; the scalars are read as tree nodes, so their meaning is the tree's.
         */
        private KeyFields readKeyFields() throws IOException {
            String sender = null;
            String recipient = null;
            boolean echo = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "sender" -> sender = id(member(value, "id"));
                    case "recipient" -> recipient = id(member(value, "id"));
                    case "message" -> {
                        JsonNode flag = member(value, "is_echo");
                        echo = flag != null && flag.asBoolean(false);
                    }
                    default -> parser.skipChildren();
                }
            }
            return new KeyFields(sender, recipient, echo);
        }

        /**
         * The last member {@code name} of the object the parser is at, if a scalar (an object or array there means
         * no id and no flag, as {@code path(name)} of a tree gives); {@code null} if none or not an object.
         */
        private JsonNode member(JsonToken value, String name) throws IOException {
            if (value != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return null;
            }
            JsonNode found = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken member = parser.nextToken();
                if (field.equals(name)) {
                    found = member.isScalarValue() ? parser.readValueAsTree() : skipped();
                } else {
                    parser.skipChildren();
                }
            }
            return found;
        }

        private JsonNode skipped() throws IOException {
            parser.skipChildren();
            return null;
        }

        private void note(String what) {
            if (problem == null) {
                problem = what;
            }
        }
    }

    private record Slice(String channel, String json, KeyFields fields) {
    }

    /** What an event's key is made of: its usable sender and recipient ids (or {@code null}), and whether an echo. */
    private record KeyFields(String sender, String recipient, boolean echo) {
    }

    /** The conversation key of one event of page {@code pageId}; see the class comment. */
    private static String key(String pageId, KeyFields event) {
        String sender = event.sender();
        String recipient = event.recipient();
        boolean fromPage = event.echo() || pageId.equals(sender);
        String user = fromPage ? recipient : sender;
        if (user == null || user.equals(pageId)) {
            return ConversationKey.forPage(pageId);
        }
        return ConversationKey.of(pageId, user).value();
    }

    private static String id(JsonNode node) {
        return node == null ? null : node.isTextual() || node.isIntegralNumber() ? id(node.asText()) : null;
    }

    /** An id usable in a conversation key: non-blank, without {@code ':'}; else {@code null}. */
    private static String id(String text) {
        return text == null || text.isBlank() || text.indexOf(':') >= 0 ? null : text;
    }
}
