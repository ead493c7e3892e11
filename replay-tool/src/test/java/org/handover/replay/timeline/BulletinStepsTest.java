package org.handover.replay.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.handover.contracts.ContractJson;
import org.junit.jupiter.api.Test;

class BulletinStepsTest {

    private static final Instant FROM = Instant.parse("2026-03-01T09:00:00Z");
    private static final TimelineQuery QUERY = TimelineQuery.window("110000000000001", "7000000000123", FROM,
            FROM.plusSeconds(7200));

    private static JsonNode json(String text) {
        try {
            return ContractJson.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aCopyHeldWhileAnAgentHadTheThreadThenSentShowsEachStepInOrder() {
        JsonNode copies = json("""
                [{"bulletinId": "b-1", "state": "SENT", "reason": null, "attempts": 1,
                  "decisionId": "bulletin:b-1:7000000000123:1", "heldSince": "2026-03-01T09:10:00Z",
                  "orderedAt": "2026-03-01T09:40:00Z", "updatedAt": "2026-03-01T09:40:01Z"}]""");

        List<TimelineEntry> entries = BulletinSteps.entries(copies, QUERY);

        assertThat(entries).extracting(TimelineEntry::summary).containsExactly(
                "bulletin b-1 held (first held; moved on since)",
                "bulletin b-1 queued (order bulletin:b-1:7000000000123:1, attempt 1)",
                "bulletin b-1 sent");
        assertThat(entries).extracting(TimelineEntry::at).containsExactly(Instant.parse("2026-03-01T09:10:00Z"),
                Instant.parse("2026-03-01T09:40:00Z"), Instant.parse("2026-03-01T09:40:01Z"));
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.stage()).isEqualTo(Stage.BULLETIN);
            assertThat(e.key()).isEqualTo("110000000000001:7000000000123");
            assertThat(e.position()).isEqualTo(BulletinSteps.SOURCE);
        });
        assertThat(entries.get(1).decisionId()).isEqualTo("bulletin:b-1:7000000000123:1");
    }

    @Test
    void heldStillAndDroppedCopiesSayWhyAndStepsBeforeTheWindowAreLeftOut() {
        JsonNode copies = json("""
                [{"bulletinId": "b-2", "state": "HELD", "reason": "agent_holds_thread", "attempts": 0,
                  "heldSince": "2026-03-01T10:00:00Z", "updatedAt": "2026-03-01T10:00:00Z"},
                 {"bulletinId": "b-3", "state": "DROPPED", "reason": "window_closed", "attempts": 0,
                  "heldSince": "2026-02-28T09:00:00Z", "updatedAt": "2026-03-01T09:30:00Z"},
                 {"bulletinId": "b-4", "state": "DROPPED", "reason": "cancelled", "attempts": 0,
                  "updatedAt": "2026-02-20T09:30:00Z"}]""");

        List<TimelineEntry> entries = BulletinSteps.entries(copies, QUERY);

        // b-3 was first held before the window (left out), b-4 dropped before it
        assertThat(entries).extracting(TimelineEntry::summary).containsExactly(
                "bulletin b-3 dropped: window_closed",
                "bulletin b-2 held: agent_holds_thread");
    }

    @Test
    void anAnswerThatIsNotAListGivesNoSteps() {
        assertThat(BulletinSteps.entries(json("{\"reason\": \"not_found\"}"), QUERY)).isEmpty();
        assertThat(BulletinSteps.entries(json("[{\"bulletinId\": \"b\", \"state\": \"SENT\"}]"), QUERY)).isEmpty();
    }

    @Test
    void theyPrintInTheTimelineWithTheirSourceAndNoOffset() {
        JsonNode copies = json("""
                [{"bulletinId": "b-5", "state": "FAILED", "reason": "outcome_unknown", "attempts": 1,
                  "decisionId": "bulletin:b-5:7000000000123:1", "orderedAt": "2026-03-01T09:05:00Z",
                  "updatedAt": "2026-03-01T09:05:02Z"}]""");
        Timeline timeline = new Timeline(QUERY, List.of(), List.of(), 0)
                .with(BulletinSteps.entries(copies, QUERY), List.of("a note"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TimelineText.print(timeline, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("bulletin     bulletin b-5 failed: outcome_unknown  [" + BulletinSteps.SOURCE + "]")
                .contains("note: a note");
        assertThat(timeline.of(Stage.BULLETIN)).hasSize(2);
    }
}
