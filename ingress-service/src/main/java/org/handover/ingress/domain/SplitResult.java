package org.handover.ingress.domain;

import java.util.List;
import java.util.Objects;

/** What a signed webhook body turned out to be: a batch of events, or something to quarantine whole. */
public sealed interface SplitResult {

    /**
     * A {@code page} body split into its events, in body order.
     *
     * @param object                the envelope's {@code object} (always {@code page} here)
     * @param events                one per element of every entry's {@code messaging[]} and {@code standby[]}
     * @param entriesWithoutEvents  entries that had neither array (for example a feed {@code changes} entry); the
     *                              caller quarantines the whole body as well so that their content is kept
     */
    record Batch(String object, List<WebhookEvent> events, int entriesWithoutEvents) implements SplitResult {
        public Batch {
            Objects.requireNonNull(object, "object");
            events = List.copyOf(events);
        }
    }

    /**
     * A body that cannot be split: the whole body goes to quarantine.
     *
     * @param reason a reason code, optionally followed by {@code ": "} and a detail that never quotes the body
     *               (for example {@code unparseable_json: JsonParseException (line 1, column 9)})
     * @param object the envelope's {@code object} if one was read, else {@code null}
     */
    record Unusable(String reason, String object) implements SplitResult {
        public Unusable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
