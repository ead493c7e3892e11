package org.handover.handover.rest.bulletin;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.handover.contracts.QuickReply;
import org.handover.handover.domain.bulletin.Audience;
import org.handover.handover.domain.bulletin.BulletinDraft;

/**
 * The body of a new bulletin (or its preview), as the admin API takes it. {@code audience} and {@code sendAt} are read
 * as text so that a wrong value is a line in the 422's errors, not an unreadable body.
 *
 * @param text         the message (1 to 2000 characters)
 * @param quickReplies optional, at most 13 {@code {"title","payload"}}
 * @param audience     {@code WINDOW} (default: the page's users inside the 24-hour window) or {@code TAGGED}
 * @param tag          for {@code TAGGED}: {@code CONFIRMED_EVENT_UPDATE}, {@code POST_PURCHASE_UPDATE} or
 *                     {@code ACCOUNT_UPDATE}
 * @param policy       for {@code TAGGED}: why this update fits the tag's policy (non-promotional)
 * @param sendAt       ISO-8601 instant; absent: now
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BulletinRequest(String text, List<QuickReply> quickReplies, String audience, String tag, String policy,
        String sendAt) {

    /** The draft, or the lines that say why the fields read as text are wrong. */
    public record Read(BulletinDraft draft, List<String> problems) {
    }

    public Read read() {
        List<String> problems = new ArrayList<>();
        Audience chosen = Audience.WINDOW;
        if (audience != null && !audience.isBlank()) {
            try {
                chosen = Audience.valueOf(audience.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add("audience: WINDOW or TAGGED");
                chosen = null;
            }
        }
        Instant at = null;
        if (sendAt != null && !sendAt.isBlank()) {
            try {
                at = Instant.parse(sendAt.trim());
            } catch (DateTimeParseException e) {
                problems.add("sendAt: an ISO-8601 instant such as 2026-01-31T09:00:00Z");
            }
        }
        String usedTag = tag == null || tag.isBlank() ? null : tag.trim();
        String usedPolicy = policy == null || policy.isBlank() ? null : policy;
        return new Read(new BulletinDraft(text, quickReplies, chosen, usedTag, usedPolicy, at), problems);
    }
}
