package org.handover.ingress.domain;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import org.junit.jupiter.api.Test;

/** The cap on events per body: at the cap a batch, one past it the whole body is unusable, across entries. */
class WebhookSplitterCapTest {

    private static final String EVENT = "{\"sender\":{\"id\":\"1\"},\"recipient\":{\"id\":\"2\"},\"timestamp\":1}";

    private static byte[] body(int... eventsPerEntry) {
        StringBuilder entries = new StringBuilder();
        for (int n : eventsPerEntry) {
            entries.append(entries.isEmpty() ? "" : ",").append("{\"id\":\"2\",\"time\":1,\"messaging\":[")
                    .append(String.join(",", Collections.nCopies(n, EVENT))).append("]}");
        }
        return ("{\"object\":\"page\",\"entry\":[" + entries + "]}").getBytes(UTF_8);
    }

    @Test
    void splitsABodyAtTheCap() {
        SplitResult result = WebhookSplitter.split(body(600, 400), 1000);

        assertThat(result).isInstanceOfSatisfying(SplitResult.Batch.class,
                batch -> assertThat(batch.events()).hasSize(1000));
    }

    @Test
    void refusesABodyOnePastTheCapCountingEveryEntry() {
        SplitResult result = WebhookSplitter.split(body(600, 401), 1000);

        assertThat(result).isEqualTo(new SplitResult.Unusable("too_many_events: 1001, at most 1000", "page"));
    }

    @Test
    void countsEveryEventOfAHugeBodyWithoutBuildingThem() {
        SplitResult result = WebhookSplitter.split(body(50_000), 1000);

        assertThat(result).isEqualTo(new SplitResult.Unusable("too_many_events: 50000, at most 1000", "page"));
    }

    @Test
    void reportsTheCapBeforeAnotherProblemOfTheEnvelope() {
        byte[] body = ("{\"object\":\"page\",\"entry\":[{\"time\":1,\"messaging\":[" + EVENT + "," + EVENT
                + "]}]}").getBytes(UTF_8);

        assertThat(WebhookSplitter.split(body, 1)).isEqualTo(
                new SplitResult.Unusable("too_many_events: 2, at most 1", "page"));
        assertThat(WebhookSplitter.split(body, 2)).isEqualTo(
                new SplitResult.Unusable("invalid_envelope: entry[0].id is missing or not an id", "page"));
    }
}
