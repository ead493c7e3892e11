package org.handover.replay.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.handover.contracts.ContractJson;
import org.handover.contracts.ControlChange;
import org.handover.contracts.Decision;
import org.handover.contracts.DecisionType;
import org.handover.contracts.EventClass;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.InboundEvents;
import org.handover.contracts.OrderKind;
import org.handover.contracts.OutboundOutcome;
import org.handover.contracts.OutboundResult;
import org.handover.contracts.Owner;
import org.handover.contracts.ReplyOrder;
import org.handover.contracts.SourceRef;
import org.handover.replay.timeline.Stage;
import org.handover.replay.timeline.Timeline;
import org.handover.replay.timeline.TimelineEntry;
import org.handover.replay.timeline.TimelineQuery;

/** Builds a timeline the way the reader would, one record a millisecond apart. */
final class TimelineBuilder {
    static final String PAGE_ID = "110000000000001";
    static final String USER = "2000001";
    /** Two recorded raw events, and where their copies land in a replay's namespace {@code r1.}. */
    static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    static final SourceRef RAW_1 = new SourceRef("messenger.webhook.raw", 2, 10);
    static final SourceRef RAW_2 = new SourceRef("messenger.webhook.raw", 2, 11);
    /** A recorded raw event that is not fed: outside the replayed slice. */
    static final SourceRef RAW_3 = new SourceRef("messenger.webhook.raw", 2, 12);
    static final SourceRef COPY_1 = new SourceRef("r1.messenger.webhook.raw", 2, 0);
    static final SourceRef COPY_2 = new SourceRef("r1.messenger.webhook.raw", 2, 1);

    private final String prefix;
    private final List<TimelineEntry> entries = new ArrayList<>();
    private Instant at;
    private long offset;

    TimelineBuilder(String prefix, Instant start) {
        this.prefix = prefix;
        this.at = start;
    }

    TimelineBuilder raw(SourceRef position) {
        entries.add(new TimelineEntry(next(), Stage.RAW, position.topic(), position.partition(), position.offset(),
                PAGE_ID + ":" + USER, "raw", null, null, null, null, Map.of(), ContractJson.mapper().createObjectNode()));
        return this;
    }

    TimelineBuilder inbound(SourceRef source, String eventId, EventClass eventClass) {
        InboundEvent event = InboundEvents.of(PAGE_ID, USER).message(eventId, eventClass, at).kind("text")
                .source(source).build();
        return add(Stage.INBOUND, event, eventId, null, null, source);
    }

    TimelineBuilder order(String cause, String decisionId, OrderKind kind, long epoch) {
        Decision decision = new Decision(1, decisionId, DecisionType.REPLY_ORDER, PAGE_ID, USER, epoch, at, cause,
                null, new ReplyOrder(kind, null, null, List.of(), at));
        return add(Stage.DECISION, decision, null, cause, decisionId, null);
    }

    TimelineBuilder control(String cause, Owner owner, long epoch) {
        Decision decision = new Decision(1, "c-" + cause, DecisionType.CONTROL_CHANGE, PAGE_ID, USER, epoch, at,
                cause, new ControlChange(owner, null, Owner.BOT, null), null);
        add(Stage.DECISION, decision, null, cause, "c-" + cause, null);
        return add(Stage.CONTROL, new org.handover.contracts.ThreadControl(1, PAGE_ID, USER, owner, null, epoch, at,
                cause), null, cause, null, null);
    }

    TimelineBuilder outbound(String decisionId, OrderKind kind, OutboundOutcome outcome, String reason) {
        OutboundResult result = new OutboundResult(1, decisionId, PAGE_ID, USER, 0, kind, outcome, reason, null,
                null, null, at);
        return add(Stage.OUTBOUND, result, null, null, decisionId, null);
    }

    private TimelineBuilder add(Stage stage, Object value, String eventId, String cause, String decisionId,
            SourceRef source) {
        JsonNode json = ContractJson.mapper().valueToTree(value);
        entries.add(new TimelineEntry(next(), stage, prefix + stage.topic(), 2, offset++, PAGE_ID + ":" + USER,
                stage.label(), eventId, cause, decisionId, source, Map.of(), json));
        return this;
    }

    private Instant next() {
        at = at.plusMillis(1);
        return at;
    }

    Timeline timeline() {
        return new Timeline(new TimelineQuery(PAGE_ID, USER, Instant.EPOCH, at, null, null, null, prefix), entries,
                List.of(), entries.size());
    }
}
