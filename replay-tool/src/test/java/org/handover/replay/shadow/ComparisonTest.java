package org.handover.replay.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.handover.replay.shadow.TimelineBuilder.COPY_1;
import static org.handover.replay.shadow.TimelineBuilder.COPY_2;
import static org.handover.replay.shadow.TimelineBuilder.RAW_1;
import static org.handover.replay.shadow.TimelineBuilder.RAW_2;
import static org.handover.replay.shadow.TimelineBuilder.RAW_3;
import static org.handover.replay.shadow.TimelineBuilder.T0;

import java.util.List;
import org.handover.contracts.EventClass;
import org.handover.contracts.OrderKind;
import org.handover.contracts.OutboundOutcome;
import org.handover.contracts.Owner;
import org.junit.jupiter.api.Test;

class ComparisonTest {

    @Test
    void attachesEveryRecordToTheRawEventThatCausedItAndMarksWhatDiffers() {
        TimelineBuilder recorded = new TimelineBuilder("", T0);
        recorded.raw(RAW_1).inbound(RAW_1, "e1", EventClass.FREE_TEXT).order("e1", "d1", OrderKind.ASK_HANDOVER, 3)
                .outbound("d1", OrderKind.ASK_HANDOVER, OutboundOutcome.SENT, null);
        recorded.raw(RAW_2).inbound(RAW_2, "e2", EventClass.GUIDED).control("e2", Owner.AGENT, 4);
        TimelineBuilder replayed = new TimelineBuilder("r1.", T0.plusSeconds(3600));
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
        TimelineBuilder recorded = new TimelineBuilder("", T0);
        recorded.raw(RAW_1).inbound(RAW_1, "e1", EventClass.GUIDED).order("e1", "d1", OrderKind.ANSWER_GUIDED, 7)
                .outbound("d1", OrderKind.ANSWER_GUIDED, OutboundOutcome.SENT, null);
        TimelineBuilder replayed = new TimelineBuilder("r1.", T0.plusSeconds(86_400));
        replayed.raw(COPY_1).inbound(COPY_1, "e1", EventClass.GUIDED).order("e1", "other", OrderKind.ANSWER_GUIDED, 0)
                .outbound("other", OrderKind.ANSWER_GUIDED, OutboundOutcome.REFUSED, "shadow");

        Comparison comparison = Comparison.of(recorded.timeline(), replayed.timeline(),
                List.of(new Comparison.Fed(RAW_1, COPY_1)));

        assertThat(comparison.steps().get(0).same()).isTrue();
        assertThat(comparison.differences()).isZero();
    }

    @Test
    void aMessageRefusedForARealReasonIsNotCountedAsSent() {
        TimelineBuilder recorded = new TimelineBuilder("", T0);
        recorded.raw(RAW_1).inbound(RAW_1, "e1", EventClass.FREE_TEXT).order("e1", "d1", OrderKind.FALLBACK, 2)
                .outbound("d1", OrderKind.FALLBACK, OutboundOutcome.REFUSED, "not_owner");
        TimelineBuilder replayed = new TimelineBuilder("r1.", T0);
        replayed.raw(COPY_1).inbound(COPY_1, "e1", EventClass.FREE_TEXT).order("e1", "x1", OrderKind.FALLBACK, 0)
                .outbound("x1", OrderKind.FALLBACK, OutboundOutcome.REFUSED, "shadow");

        Comparison comparison = Comparison.of(recorded.timeline(), replayed.timeline(),
                List.of(new Comparison.Fed(RAW_1, COPY_1)));

        assertThat(comparison.steps().get(0).recorded()).contains("refused FALLBACK (not_owner)");
        assertThat(comparison.steps().get(0).replayed()).contains("sent FALLBACK");
        assertThat(comparison.differences()).isEqualTo(1);
    }

    @Test
    void whatARawEventOutsideTheSliceCausedIsLeftOutOfTheComparison() {
        // The window ends just after the bot's last message was sent: its echo (RAW_3) reached the raw topic after
        // the end of the window, so it was not fed, but its classification, read with the grace of the later
        // stages, is in the recorded timeline. It belongs to no fed event: the replay never saw that echo.
        TimelineBuilder recorded = new TimelineBuilder("", T0);
        recorded.raw(RAW_1).inbound(RAW_1, "e1", EventClass.HANDOVER_SIGNAL).control("e1", Owner.BOT, 5)
                .order("e1", "d1", OrderKind.BOT_IS_BACK, 5)
                .outbound("d1", OrderKind.BOT_IS_BACK, OutboundOutcome.SENT, null)
                .inbound(RAW_3, "echo-of-d1", EventClass.NOISE)
                .order("echo-of-d1", "d9", OrderKind.FALLBACK, 5)
                .outbound("d9", OrderKind.FALLBACK, OutboundOutcome.SENT, null);
        TimelineBuilder replayed = new TimelineBuilder("r1.", T0.plusSeconds(3600));
        replayed.raw(COPY_1).inbound(COPY_1, "e1", EventClass.HANDOVER_SIGNAL).control("e1", Owner.BOT, 1)
                .order("e1", "x1", OrderKind.BOT_IS_BACK, 1)
                .outbound("x1", OrderKind.BOT_IS_BACK, OutboundOutcome.REFUSED, "shadow");

        Comparison comparison = Comparison.of(recorded.timeline(), replayed.timeline(),
                List.of(new Comparison.Fed(RAW_1, COPY_1)));

        assertThat(comparison.steps()).singleElement().satisfies(step -> {
            assertThat(step.recorded()).containsExactlyInAnyOrder("classified HANDOVER_SIGNAL text",
                    "control to BOT", "owner BOT", "order BOT_IS_BACK", "sent BOT_IS_BACK");
            assertThat(step.same()).isTrue();
        });
    }

    @Test
    void aDuplicateOutsideTheSliceDoesNotTakeAwayWhatTheFedEventCaused() {
        // Meta delivered the same message twice: the first copy was fed, the second came after the window
        TimelineBuilder recorded = new TimelineBuilder("", T0);
        recorded.raw(RAW_1).inbound(RAW_1, "m1", EventClass.FREE_TEXT).inbound(RAW_3, "m1", EventClass.FREE_TEXT)
                .order("m1", "d1", OrderKind.ASK_HANDOVER, 0)
                .outbound("d1", OrderKind.ASK_HANDOVER, OutboundOutcome.SENT, null);
        TimelineBuilder replayed = new TimelineBuilder("r1.", T0);
        replayed.raw(COPY_1).inbound(COPY_1, "m1", EventClass.FREE_TEXT).order("m1", "x1", OrderKind.ASK_HANDOVER, 0)
                .outbound("x1", OrderKind.ASK_HANDOVER, OutboundOutcome.REFUSED, "shadow");

        Comparison comparison = Comparison.of(recorded.timeline(), replayed.timeline(),
                List.of(new Comparison.Fed(RAW_1, COPY_1)));

        assertThat(comparison.steps().get(0).recorded()).containsExactly("classified FREE_TEXT text",
                "order ASK_HANDOVER", "sent ASK_HANDOVER");
        assertThat(comparison.differences()).isZero();
    }

    @Test
    void aDecisionNoEventCausedGoesWithTheLatestFedEvent() {
        // the idle timeout's take-back: its cause is a timer, not a classified event
        TimelineBuilder recorded = new TimelineBuilder("", T0);
        recorded.raw(RAW_1).inbound(RAW_1, "e1", EventClass.STANDBY).control("idle:page:psid:3", Owner.BOT, 4);
        TimelineBuilder replayed = new TimelineBuilder("r1.", T0);
        replayed.raw(COPY_1).inbound(COPY_1, "e1", EventClass.STANDBY);

        Comparison comparison = Comparison.of(recorded.timeline(), replayed.timeline(),
                List.of(new Comparison.Fed(RAW_1, COPY_1)));

        assertThat(comparison.steps().get(0).recorded()).containsExactly("classified STANDBY text",
                "control to BOT", "owner BOT");
        assertThat(comparison.differences()).isEqualTo(1);
    }
}
