package org.handover.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A user followed a tracked link of a bulletin. Value of {@link Topics#BULLETIN_CLICKS}, keyed by the bulletin id
 * (one bulletin's clicks in one partition, in order). Written by ingress-service after it answered the redirect, from
 * what the verified token said (no lookup); counted by handover-service once per recipient and link.
 *
 * @param schemaVersion {@link SchemaVersion#CURRENT} when written
 * @param clickId       a UUID per click (the same record delivered twice has the same one)
 * @param bulletinId    the bulletin
 * @param linkIndex     which link of its text, from 0 in the order they appear
 * @param pageId        the page that sent it
 * @param psid          the recipient
 * @param at            when ingress answered the click
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BulletinClick(
        int schemaVersion,
        String clickId,
        String bulletinId,
        int linkIndex,
        String pageId,
        String psid,
        Instant at) {

    /** The Kafka key: the bulletin id. */
    public String key() {
        return bulletinId;
    }
}
