package org.handover.replay.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.handover.replay.shadow.TimelineBuilder.COPY_1;
import static org.handover.replay.shadow.TimelineBuilder.COPY_2;
import static org.handover.replay.shadow.TimelineBuilder.RAW_1;
import static org.handover.replay.shadow.TimelineBuilder.RAW_2;
import static org.handover.replay.shadow.TimelineBuilder.T0;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.handover.contracts.EventClass;
import org.handover.contracts.OrderKind;
import org.handover.contracts.OutboundOutcome;
import org.junit.jupiter.api.Test;

class ReplayReportTest {

    @Test
    void printsBothRunsSideBySideAndMarksTheEventsDecidedDifferently() {
        TimelineBuilder recorded = new TimelineBuilder("", T0);
        recorded.raw(RAW_1).inbound(RAW_1, "e1", EventClass.FREE_TEXT).order("e1", "d1", OrderKind.ASK_HANDOVER, 3)
                .outbound("d1", OrderKind.ASK_HANDOVER, OutboundOutcome.SENT, null);
        recorded.raw(RAW_2).inbound(RAW_2, "e2", EventClass.NOISE);
        TimelineBuilder replayed = new TimelineBuilder("r1.", T0);
        replayed.raw(COPY_1).inbound(COPY_1, "e1", EventClass.FREE_TEXT).order("e1", "x1", OrderKind.FALLBACK, 0)
                .outbound("x1", OrderKind.FALLBACK, OutboundOutcome.REFUSED, "shadow");
        replayed.raw(COPY_2).inbound(COPY_2, "e2", EventClass.NOISE);
        List<Comparison.Fed> fed = List.of(new Comparison.Fed(RAW_1, COPY_1), new Comparison.Fed(RAW_2, COPY_2));
        Replay.Result result = new Replay.Result("r1", recorded.timeline(), replayed.timeline(),
                Comparison.of(recorded.timeline(), replayed.timeline(), fed), 0);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ReplayReport.print(result, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();

        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("≠  1. raw")
                .contains("classified FREE_TEXT text").endsWith("classified FREE_TEXT text"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("order ASK_HANDOVER")
                .endsWith("order FALLBACK"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("   2. raw")
                .endsWith("classified NOISE text"));
        assertThat(lines).contains("1 of 2 events decided differently (marked ≠); namespace r1.");
        assertThat(lines).noneMatch(line -> line.startsWith("WARNING"));
    }
}
