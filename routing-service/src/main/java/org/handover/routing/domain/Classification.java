package org.handover.routing.domain;

import java.util.Objects;
import org.handover.contracts.InboundEvent;

/** What {@link EventClassifier} made of one raw record: a classified event, or the reason it is malformed. */
public sealed interface Classification {

    /** The record was understood (possibly as {@link org.handover.contracts.EventClass#UNKNOWN}). */
    record Classified(InboundEvent event) implements Classification {
        public Classified {
            Objects.requireNonNull(event, "event");
        }
    }

    /**
     * The record is not a usable Messenger event; it belongs in the dead-letter topic.
     *
     * @param reason why, naming fields but never quoting the record's content
     */
    record Malformed(String reason) implements Classification {
        public Malformed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
