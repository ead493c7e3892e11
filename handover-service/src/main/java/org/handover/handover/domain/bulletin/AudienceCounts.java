package org.handover.handover.domain.bulletin;

/**
 * The page's conversations as a bulletin would find them now.
 *
 * @param conversations every conversation of the page (a bulletin's recipients)
 * @param insideWindow  those whose user wrote within 24 h
 * @param heldNow       those an agent (or nobody) holds, or with a handover pending: held if it started now
 */
public record AudienceCounts(long conversations, long insideWindow, long heldNow) {
}
