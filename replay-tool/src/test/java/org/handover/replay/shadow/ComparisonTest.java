package org.handover.replay.shadow;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;

class ComparisonTest {

    private static final String PAGE = "110000000000001";
    private static final String PSID = "2000001";
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private static final SourceRef RAW_1 = new SourceRef("messenger.webhook.raw", 2, 10);
    private static final SourceRef RAW_2 = new SourceRef("messenger.webhook.raw", 2, 11);
    private static final SourceRef COPY_1 = new SourceRef("r1.messenger.webhook.raw", 2, 0);
    private static final SourceRef COPY_2 = new SourceRef("r1.messenger.webhook.raw", 2, 1);

    @Test
    void attachesEveryRecordToTheRawEventThatCausedItAndMarksWhatDiffers() {
        Builder recorded = new Builder("", T0);
        recorded.raw(RAW_1).inbound(RAW_1, "e1", EventClass.FREE_TEXT).order("e1", "d1", OrderKind.ASK_HANDOVER, 3)
                .outbound("d1", OrderKind.ASK_HANDOVER, OutboundOutcome.SENT, null);
        recorded.raw(RAW_2).inbound(RAW_2, "e2", EventClass.GUIDED).control("e2", Owner.AGENT, 4);
        Builder replayed = new Builder("r1.", T0.plusSeconds(3600));
        replayed.raw(COPY_1).inbound(COPY_1, "e1", EventClass.FREE_TEXT).order("e1", "x1", OrderKind.FALLBACK, 0)
                .outbound("x1", OrderKind.FALLBACK, OutboundOutcome.REFUSED, "shadow");
        replayed.raw(COPY_2).inbound(COPY_2, "e2", EventClass.GUIDED).order("e2", "x2", OrderKind.ANSWER_GUIDED, 0)
                .outbound("x2", OrderKind.ANSWER_GUIDED, OutboundOutcome.REFUSED, "shadow");

        Comparison comparison = Comparison.of(recorded.timeline(), replayed.timeline(),
                List.of(new Comparison.Fed(RAW_1, COPY_1), new Comparison.Fed(RAW_2, COPY_2)));

        assertThat(comparison.steps()).hasSize(2);
        Comparison.Step first = comparison.steps().get(0);
        assertThat(first.raw().isAt(RAW_1)).isTrue();
        assertThat(first.recorded()).containsExactly("classified FREE_TEXT text", "order ASK_HANDOVER",
                "sent ASK_HANDOVER");
        // a shadow refusal is what would have been sent
        assertThat(first.replayed()).containsExactly("classified FREE_TEXT text", "order FALLBACK", "sent FALLBACK");
        assertThat(first.same()).isFalse();
        assertThat(comparison.steps().get(1).recorded()).containsExactly("classified GUIDED text",
                "control to AGENT", "owner AGENT");
        assertThat(comparison.differences()).isEqualTo(2);
    }

    @Test
    void theSameOutcomesWithOtherIdsEpochsAndTimesAreTheSame() {
        Builder recorded = new Builder("", T0);
        recorded.raw(RAW_1).inbound(RAW_1, "e1", EventClass.GUIDED).order("e1", "d1", OrderKind.ANSWER_GUIDED, 7)
                .outbound("d1", OrderKind.ANSWER_GUIDED, OutboundOutcome.SENT, null);
        Builder replayed = new Builder("r1.", T0.plusSeconds(86_400));
        replayed.raw(COPY_1).inbound(COPY_1, "e1", EventClass.GUIDED).order("e1", "other", OrderKind.ANSWER_GUIDED, 0)
                .outbound("other", OrderKind.ANSWER_GUIDED, OutboundOutcome.REFUSED, "shadow");

        Comparison comparison = Comparison.of(recorded.timeline(), replayed.timeline(),
                List.of(new Comparison.Fed(RAW_1, COPY_1)));

        assertThat(comparison.steps().get(0).same()).isTrue();
        assertThat(comparison.differences()).isZero();
    }

    @Test
    void aMessageRefusedForARealReasonIsNotCountedAsSent() {
        Builder recorded = new Builder("", T0);
        recorded.raw(RAW_1).inbound(RAW_1, "e1", EventClass.FREE_TEXT).order("e1", "d1", OrderKind.FALLBACK, 2)
                .outbound("d1", OrderKind.FALLBACK, OutboundOutcome.REFUSED, "not_owner");
        Builder replayed = new Builder("r1.", T0);
        replayed.raw(COPY_1).inbound(COPY_1, "e1", EventClass.FREE_TEXT).order("e1", "x1", OrderKind.FALLBACK, 0)
                .outbound("x1", OrderKind.FALLBACK, OutboundOutcome.REFUSED, "shadow");

        Comparison comparison = Comparison.of(recorded.timeline(), replayed.timeline(),
                List.of(new Comparison.Fed(RAW_1, COPY_1)));

        assertThat(comparison.steps().get(0).recorded()).contains("refused FALLBACK (not_owner)");
        assertThat(comparison.steps().get(0).replayed()).contains("sent FALLBACK");
        assertThat(comparison.differences()).isEqualTo(1);
    }

    /** Builds a timeline the way the reader would, one record a millisecond apart. */
    private static final class Builder {
        private final String prefix;
        private final List<TimelineEntry> entries = new ArrayList<>();
        private Instant at;
        private long offset;

        Builder(String prefix, Instant start) {
            this.prefix = prefix;
            this.at = start;
        }

        Builder raw(SourceRef position) {
            entries.add(new TimelineEntry(next(), Stage.RAW, position.topic(), position.partition(), position.offset(),
                    PAGE + ":" + PSID, "raw", null, null, null, null, Map.of(), ContractJson.mapper().createObjectNode()));
            return this;
        }

        Builder inbound(SourceRef source, String eventId, EventClass eventClass) {
            InboundEvent event = new InboundEvent(1, eventId, PAGE, PSID, eventClass, "messaging", "text", at, at,
                    null, eventId, null, null, source);
            return add(Stage.INBOUND, event, eventId, null, null, source);
        }

        Builder order(String cause, String decisionId, OrderKind kind, long epoch) {
            Decision decision = new Decision(1, decisionId, DecisionType.REPLY_ORDER, PAGE, PSID, epoch, at, cause,
                    null, new ReplyOrder(kind, null, null, List.of(), at));
            return add(Stage.DECISION, decision, null, cause, decisionId, null);
        }

        Builder control(String cause, Owner owner, long epoch) {
            Decision decision = new Decision(1, "c-" + cause, DecisionType.CONTROL_CHANGE, PAGE, PSID, epoch, at,
                    cause, new ControlChange(owner, null, Owner.BOT, null), null);
            add(Stage.DECISION, decision, null, cause, "c-" + cause, null);
            return add(Stage.CONTROL, new org.handover.contracts.ThreadControl(1, PAGE, PSID, owner, null, epoch, at,
                    cause), null, cause, null, null);
        }

        Builder outbound(String decisionId, OrderKind kind, OutboundOutcome outcome, String reason) {
            OutboundResult result = new OutboundResult(1, decisionId, PAGE, PSID, 0, kind, outcome, reason, null,
                    null, null, at);
            return add(Stage.OUTBOUND, result, null, null, decisionId, null);
        }

        private Builder add(Stage stage, Object value, String eventId, String cause, String decisionId,
                SourceRef source) {
            JsonNode json = ContractJson.mapper().valueToTree(value);
            entries.add(new TimelineEntry(next(), stage, prefix + stage.topic(), 2, offset++, PAGE + ":" + PSID,
                    stage.label(), eventId, cause, decisionId, source, Map.of(), json));
            return this;
        }

        private Instant next() {
            at = at.plusMillis(1);
            return at;
        }

        Timeline timeline() {
            return new Timeline(new TimelineQuery(PAGE, PSID, Instant.EPOCH, at, null, null, null, prefix), entries,
                    List.of(), entries.size());
        }
    }
}
