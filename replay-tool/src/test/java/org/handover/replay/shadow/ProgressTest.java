package org.handover.replay.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void eachStepIsOneLineWithTheTimeSinceTheReplayBegan() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintStream(err, true, StandardCharsets.UTF_8));

        progress.say("shadow %s ready (%d of %d)", "handover-service", 2, 3);
        progress.say("feeding event %d/%d (%s %d@%d)", 1, 20, "messenger.webhook.raw", 4, 117);

        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList())
                .hasSize(2)
                .satisfiesExactly(
                        line -> assertThat(line).matches(
                                "replay: \\[ *\\d+\\.\\d s\\] shadow handover-service ready \\(2 of 3\\)"),
                        line -> assertThat(line).matches(
                                "replay: \\[ *\\d+\\.\\d s\\] feeding event 1/20 \\(messenger.webhook.raw 4@117\\)"));
    }
}
