package org.handover.handover.domain;

import java.time.Instant;

/**
 * Something found at run time that keeps the handover from working on a page, for the settings page's red alert.
 *
 * @param since      when it was first found
 * @param evidence   what showed it (Meta's refusal, the thread Meta routed elsewhere), in a page admin's words
 * @param otherAppId the app Meta routes the page's threads to instead, when Meta named one; else null
 */
public record PageProblem(Instant since, String evidence, String otherAppId) {
}
