package org.handover.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * Classified events of one conversation, as routing-service writes them, for tests: the usual shapes in one call,
 * anything else through {@link #message} and its {@link Builder}, instead of the record's fourteen positional
 * arguments. Shared by every module's tests through this module's test-jar.
 *
 * <p>Ids: the event id is {@code idPrefix + id}; a message's {@code mid} is its event id, as for a real message.
 * Tests that share a database across conversations give each conversation its own prefix.
 */
public final class InboundEvents {

    private final String pageId;
    private final String psid;
    private final String idPrefix;

    private InboundEvents(String pageId, String psid, String idPrefix) {
        this.pageId = Objects.requireNonNull(pageId, "pageId");
        this.psid = psid;
        this.idPrefix = idPrefix;
    }

    /** Events of the conversation {@code pageId:psid}, with the ids as given. */
    public static InboundEvents of(String pageId, String psid) {
        return new InboundEvents(pageId, psid, "");
    }

    /** The same conversation, its event ids prefixed with {@code prefix}. */
    public InboundEvents idPrefix(String prefix) {
        return new InboundEvents(pageId, psid, prefix);
    }

    /** Free text the user wrote, in {@code messaging}. */
    public InboundEvent text(String id, Instant at) {
        return message(id, EventClass.FREE_TEXT, at).build();
    }

    /** Free text the user typed, carrying its start ({@code userText}) as routing-service sends it. */
    public InboundEvent text(String id, String words, Instant at) {
        return message(id, EventClass.FREE_TEXT, at).userText(InboundEvent.userTextOf(words)).build();
    }

    /** A guided option the user chose (a quick-reply tap, or a text matching an option), in {@code messaging}. */
    public InboundEvent guided(String id, String payload, Instant at) {
        return message(id, EventClass.GUIDED, at).guidedPayload(payload).build();
    }

    /** A handover webhook ({@code pass_thread_control}, {@code take_thread_control}, ...), with no message id. */
    public InboundEvent signal(String id, String type, String newOwnerAppId, String previousOwnerAppId,
            String requestedOwnerAppId, Instant at) {
        return message(id, EventClass.HANDOVER_SIGNAL, at).kind(type).messageId(null)
                .handover(new HandoverSignal(type, newOwnerAppId, previousOwnerAppId, requestedOwnerAppId, null, null))
                .build();
    }

    /** An event we saw in {@code standby} while another app owned the thread; {@code appId} for an echo. */
    public InboundEvent standby(String id, String kind, String appId, Instant at) {
        return message(id, EventClass.STANDBY, at).channel("standby").kind(kind).appId(appId).build();
    }

    /**
     * A {@code message} event in {@code messaging}, received when it occurred, to adjust before {@link Builder#build}.
     */
    public Builder message(String id, EventClass eventClass, Instant at) {
        return new Builder(idPrefix + id, pageId, psid, eventClass, at);
    }

    /** An {@link InboundEvent} with every field but the ids and the class defaulted as {@link #message} says. */
    public static final class Builder {
        private final String eventId;
        private final String pageId;
        private final String psid;
        private final EventClass eventClass;
        private final Instant occurredAt;
        private String channel = "messaging";
        private String kind = "message";
        private Instant receivedAt;
        private String guidedPayload;
        private String messageId;
        private String appId;
        private HandoverSignal handover;
        private SourceRef source;
        private String userText;

        private Builder(String eventId, String pageId, String psid, EventClass eventClass, Instant at) {
            this.eventId = eventId;
            this.pageId = pageId;
            this.psid = psid;
            this.eventClass = eventClass;
            this.occurredAt = at;
            this.receivedAt = at;
            this.messageId = eventId;
        }

        public Builder channel(String value) {
            channel = value;
            return this;
        }

        public Builder kind(String value) {
            kind = value;
            return this;
        }

        public Builder receivedAt(Instant value) {
            receivedAt = value;
            return this;
        }

        public Builder guidedPayload(String value) {
            guidedPayload = value;
            return this;
        }

        public Builder messageId(String value) {
            messageId = value;
            return this;
        }

        public Builder appId(String value) {
            appId = value;
            return this;
        }

        public Builder handover(HandoverSignal value) {
            handover = value;
            return this;
        }

        public Builder source(SourceRef value) {
            source = value;
            return this;
        }

        public Builder userText(String value) {
            userText = value;
            return this;
        }

        public InboundEvent build() {
            return new InboundEvent(SchemaVersion.CURRENT, eventId, pageId, psid, eventClass, channel, kind,
                    occurredAt, receivedAt, guidedPayload, messageId, appId, handover, source, userText);
        }
    }
}
