package org.handover.handover.domain.bulletin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.handover.contracts.Messenger;
import org.handover.contracts.QuickReply;

/**
 * A bulletin as a page admin composes it. Plain Java; {@link #problems} lists every problem, each naming its field.
 *
 * @param text         the message, 1 to {@value #TEXT_MAX} characters (Messenger's limit for a text message)
 * @param quickReplies at most {@value #QUICK_REPLIES_MAX}, each a title of 1 to {@value #TITLE_MAX} characters and a
 *                     payload of 1 to {@value #PAYLOAD_MAX} (not starting with {@code MH_}, the handover's own)
 * @param audience     {@link Audience#WINDOW} or {@link Audience#TAGGED}
 * @param tag          for a tagged update: one of {@link Messenger#NON_PROMOTIONAL_TAGS}; none otherwise
 * @param policy       for a tagged update: the admin's statement of why this message fits the tag's policy
 *                     (non-promotional), 1 to {@value #POLICY_MAX} characters
 * @param sendAt       when to send; {@code null} (or a past time) is now, at most {@link #LONGEST_SCHEDULE} ahead
 */
public record BulletinDraft(String text, List<QuickReply> quickReplies, Audience audience, String tag, String policy,
        Instant sendAt) {

    public static final int TEXT_MAX = 2000;
    public static final int QUICK_REPLIES_MAX = 13;
    public static final int TITLE_MAX = 20;
    public static final int PAYLOAD_MAX = 1000;
    public static final int POLICY_MAX = 500;
    public static final Duration LONGEST_SCHEDULE = Duration.ofDays(30);

    public BulletinDraft {
        quickReplies = quickReplies == null ? List.of() : List.copyOf(quickReplies);
    }

    /** Every problem of this draft at {@code now}, one line per field; empty when it can be sent. */
    public List<String> problems(Instant now) {
        List<String> problems = new ArrayList<>();
        textProblem("text", text, TEXT_MAX, problems);
        if (quickReplies.size() > QUICK_REPLIES_MAX) {
            problems.add("quickReplies: at most " + QUICK_REPLIES_MAX);
        }
        Set<String> payloads = new HashSet<>();
        for (int i = 0; i < quickReplies.size(); i++) {
            QuickReply q = quickReplies.get(i);
            if (q == null) {
                problems.add("quickReplies[" + i + "]: a title and a payload");
                continue;
            }
            textProblem("quickReplies[" + i + "].title", q.title(), TITLE_MAX, problems);
            textProblem("quickReplies[" + i + "].payload", q.payload(), PAYLOAD_MAX, problems);
            if (Messenger.isReservedPayload(q.payload())) {
                problems.add("quickReplies[" + i + "].payload: payloads starting with "
                        + Messenger.RESERVED_PAYLOAD_PREFIX + " are reserved");
            }
            if (q.payload() != null && !payloads.add(q.payload())) {
                problems.add("quickReplies[" + i + "].payload: offered twice");
            }
        }
        if (audience == null) {
            problems.add("audience: WINDOW (users inside the 24-hour window) or TAGGED (a non-promotional tagged "
                    + "update)");
        } else if (audience == Audience.TAGGED) {
            if (tag == null || !Messenger.NON_PROMOTIONAL_TAGS.contains(tag)) {
                problems.add("tag: one of " + String.join(", ", Messenger.NON_PROMOTIONAL_TAGS.stream().sorted()
                        .toList()) + " (never HUMAN_AGENT from the bot, never promotional content)");
            }
            textProblem("policy", policy, POLICY_MAX, problems);
        } else if (tag != null) {
            problems.add("tag: only a TAGGED bulletin has a tag");
        }
        if (sendAt != null && sendAt.isAfter(now.plus(LONGEST_SCHEDULE))) {
            problems.add("sendAt: at most " + LONGEST_SCHEDULE.toDays() + " days ahead");
        }
        return problems;
    }

    private static void textProblem(String field, String value, int max, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(field + ": required");
            return;
        }
        int length = value.codePointCount(0, value.length());
        if (length > max) {
            problems.add(field + ": at most " + max + " characters (" + length + ")");
        }
        if (value.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r')) {
            problems.add(field + ": no control characters");
        }
    }
}
