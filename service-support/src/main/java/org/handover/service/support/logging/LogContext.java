package org.handover.service.support.logging;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.MDC;

/**
 * The one place that puts a log line's context into the MDC (JSON logs carry it in {@code mdc}, plain logs print it):
 * the conversation reference ({@link ConversationRef}, never the user id unless configured), the event, decision or
 * request id, and a record's coordinates. Never a message text, never a token: only ids and coordinates go in.
 *
 * <p>A consumer's work runs inside {@link #forRecord} (service-support's {@code KeyedSequencer} opens it around each
 * record on its worker thread; a consumer without one opens it itself), and adds the id it parsed with
 * {@link #eventId} or {@link #decisionId}; closing the scope puts back what was there before, so a pooled thread never
 * carries one record's context into the next. Ingress puts its request id with {@link #requestId} (Quarkus keeps the
 * MDC of a request on its Vert.x context).
 */
public final class LogContext {

    /** MDC key: the conversation reference (a short hash of {@code pageId:psid}, or the key when configured raw). */
    public static final String CONVERSATION = "conversation";
    /** MDC key: the event id (routing, handover). */
    public static final String EVENT_ID = "eventId";
    /** MDC key: the decision id (bot-service, handover's outbound results). */
    public static final String DECISION_ID = "decisionId";
    /** MDC key: ingress-service's request id (also its {@code X-Request-Id} answer header). */
    public static final String REQUEST_ID = "requestId";
    /** MDC key: the Kafka record's {@code topic-partition@offset}. */
    public static final String RECORD = "record";

    private static final List<String> KEYS = List.of(CONVERSATION, EVENT_ID, DECISION_ID, REQUEST_ID, RECORD);

    private LogContext() {
    }

    /** Opens the context of a Kafka record: its conversation (the record key) and coordinates. */
    public static Scope forRecord(ConsumerRecord<?, ?> record) {
        Scope scope = new Scope();
        // the record's own context only: nothing a pooled thread carried in (ids are added by the consumer)
        scope.clearAll();
        put(CONVERSATION, record.key() == null ? null : ConversationRef.of(record.key().toString()));
        put(RECORD, record.topic() + "-" + record.partition() + "@" + record.offset());
        return scope;
    }

    /** Opens the context of a conversation, by its key {@code pageId:psid} (for work outside a consumer). */
    public static Scope forConversation(String conversationKey) {
        Scope scope = new Scope();
        put(CONVERSATION, ConversationRef.of(conversationKey));
        return scope;
    }

    /** Sets the conversation of the current context, by its key {@code pageId:psid}. */
    public static void conversation(String conversationKey) {
        put(CONVERSATION, ConversationRef.of(conversationKey));
    }

    /** Sets the event id of the current context. */
    public static void eventId(String eventId) {
        put(EVENT_ID, eventId);
    }

    /** Sets the decision id of the current context. */
    public static void decisionId(String decisionId) {
        put(DECISION_ID, decisionId);
    }

    /** Sets the request id of the current context. */
    public static void requestId(String requestId) {
        put(REQUEST_ID, requestId);
    }

    private static void put(String key, String value) {
        if (value == null || value.isBlank()) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    /** The context opened by {@link #forRecord} or {@link #forConversation}; closing it restores what was before. */
    public static final class Scope implements AutoCloseable {

        private final Map<String, Object> before = new HashMap<>();

        private Scope() {
            for (String key : KEYS) {
                Object value = MDC.get(key);
                if (value != null) {
                    before.put(key, value);
                }
            }
        }

        private void clearAll() {
            KEYS.forEach(MDC::remove);
        }

        @Override
        public void close() {
            for (String key : KEYS) {
                Object value = before.get(key);
                if (value == null) {
                    MDC.remove(key);
                } else {
                    MDC.put(key, value);
                }
            }
        }
    }
}
