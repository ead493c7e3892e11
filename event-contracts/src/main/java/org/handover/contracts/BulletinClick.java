package org.handover.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A user followed a tracked link of a bulletin or of a guided answer. Value of {@link Topics#BULLETIN_CLICKS}, keyed
 * by the bulletin id (one bulletin's clicks in one partition, in order), or for a guided answer's link by
 * {@code pageId:answerKey}. Written by ingress-service after it answered the redirect, from what the verified token
 * said (no lookup); counted by handover-service once per recipient and link.
 *
 * <p>A guided answer's click ({@code answerKey} set, {@code bulletinId} absent) was added after the first version:
 * a reader that knows only bulletins finds no bulletin id and dead-letters it, so handover-service is deployed before
 * ingress-service starts writing them (README "Link tracking").
 *
 * @param schemaVersion {@link SchemaVersion#CURRENT} when written
 * @param clickId       a UUID per click (the same record delivered twice has the same one)
 * @param bulletinId    the bulletin; absent for a guided answer's link
 * @param linkIndex     which link of its text, from 0 in the order they appear
 * @param pageId        the page that sent it
 * @param psid          the recipient
 * @param at            when ingress answered the click
 * @param answerKey     the guided answer (its payload in the page's catalog) for a guided answer's link; absent for
 *                      a bulletin's
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
        Instant at,
        String answerKey) {

    /** A bulletin's click, as written before guided answers were tracked. */
    public BulletinClick(int schemaVersion, String clickId, String bulletinId, int linkIndex, String pageId,
            String psid, Instant at) {
        this(schemaVersion, clickId, bulletinId, linkIndex, pageId, psid, at, null);
    }

    /** Whether this is a click on a guided answer's link (else a bulletin's). */
    public boolean guidedAnswer() {
        return answerKey != null;
    }

    /** The Kafka key: the bulletin id, or {@code pageId:answerKey} for a guided answer's link. */
    public String key() {
        return answerKey != null ? pageId + ":" + answerKey : bulletinId;
    }
}
