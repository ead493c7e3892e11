package org.handover.handover.domain.bulletin;

import java.time.Instant;

/**
 * A bulletin as stored.
 *
 * @param id         its id (a UUID)
 * @param pageId     the page that sends it
 * @param draft      what the admin composed
 * @param state      where it is
 * @param sendAt     when it is (or was) due
 * @param createdAt  when it was composed
 * @param startedAt  when its recipients were chosen, {@code null} before
 * @param finishedAt when its last recipient was settled (or it was cancelled), {@code null} before
 * @param linksTracked whether its links are sent as tracked links (decided when it was composed)
 */
public record Bulletin(String id, String pageId, BulletinDraft draft, State state, Instant sendAt, Instant createdAt,
        Instant startedAt, Instant finishedAt, boolean linksTracked) {

    /** A bulletin's life. */
    public enum State {
        /** Waiting for {@code sendAt}. */
        SCHEDULED,
        /** Recipients chosen; copies being ordered, held or reported. */
        ACTIVE,
        /** Every recipient settled (sent, dropped or failed). */
        DONE,
        /** Cancelled by the admin: open recipients dropped, nothing more ordered. */
        CANCELLED
    }

    /** The decision id of the {@code attempt}-th order of this bulletin to {@code psid}: stable, readable, unique. */
    public static String decisionId(String bulletinId, String psid, int attempt) {
        return DECISION_PREFIX + bulletinId + ":" + psid + ":" + attempt;
    }

    /** Every bulletin order's decision id starts with it. */
    public static final String DECISION_PREFIX = "bulletin:";
}
