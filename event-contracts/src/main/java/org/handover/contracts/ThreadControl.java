package org.handover.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The latest owner and epoch of one conversation. Value of the compacted {@link Topics#THREAD_CONTROL}, keyed by
 * {@link ConversationKey}; a reader that starts from the beginning learns every conversation's current owner.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ThreadControl(
        int schemaVersion,
        String pageId,
        String psid,
        Owner owner,
        String ownerAppId,
        long epoch,
        Instant changedAt,
        String causeEventId) {

    /** The Kafka key: {@code pageId:psid}. */
    public String key() {
        return ConversationKey.of(pageId, psid).value();
    }
}
