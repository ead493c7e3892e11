package org.handover.handover.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A page's handover figures for a period, computed from its persisted history (the changes of owner and what each
 * processed event came to) by Meta's event time, so that a replay or a redelivery counts the same. Every duration is
 * in seconds; a figure nobody could measure is {@code null}.
 *
 * @param pageId              the page
 * @param from                start of the period (included)
 * @param to                  end of the period (excluded)
 * @param conversations       users who wrote to the page in the period, or whose thread changed hands in it
 * @param handedOver          of them, those whose conversation passed to an agent in the period
 * @param handoverRate        {@code handedOver / conversations}; {@code null} without conversations
 * @param questionsAsked      "Change to agent" questions asked
 * @param questionsAccepted   handovers the user accepted: the question's "yes" and the menu's "talk to a person"
 * @param acceptedFromMenu    of them, those chosen from a menu (a postback) rather than the question
 * @param questionsDeclined   questions the user declined
 * @param deflected           conversations the bot answered that no agent took over in the period
 * @param deflectionRate      {@code deflected / conversations}; {@code null} without conversations
 * @param agentSessions       passes to an agent (any cause: accepted, inbox request, another app)
 * @param firstReply          time from the pass to the agent's first message, over sessions with one
 * @param withAgent           time from the pass until the conversation left the agent, over ended sessions
 * @param sessionsOpen        sessions still with the agent (no change of owner since)
 * @param returns             how the conversations came back from the agents
 * @param days                per UTC day of the period: conversations and handovers
 */
public record PageAnalytics(
        String pageId,
        Instant from,
        Instant to,
        long conversations,
        long handedOver,
        Double handoverRate,
        long questionsAsked,
        long questionsAccepted,
        long acceptedFromMenu,
        long questionsDeclined,
        long deflected,
        Double deflectionRate,
        long agentSessions,
        Durations firstReply,
        Durations withAgent,
        long sessionsOpen,
        Returns returns,
        List<Day> days) {

    /**
     * Durations over the sessions that had one.
     *
     * @param count          how many were measured
     * @param medianSeconds  the median; {@code null} when none
     * @param averageSeconds the mean; {@code null} when none
     */
    public record Durations(long count, Double medianSeconds, Double averageSeconds) {
    }

    /**
     * Conversations that came back from an agent to the bot, by cause.
     *
     * @param agentDone   the agent marked the conversation done (passed it back)
     * @param idle        the page's idle timeout took it back
     * @param noShow      no agent answered in time after the pass (cause {@code no_show})
     * @param giveBacks   the page admin gave it back ("Give back to the bot")
     * @param other       any other (taken back by our app outside these, reconciled with Meta)
     */
    public record Returns(long agentDone, long idle, long noShow, long giveBacks, long other) {
    }

    /** One UTC day: users who wrote or changed hands that day, and passes to an agent that day. */
    public record Day(LocalDate date, long conversations, long handedOver) {
    }

    /** {@code part / whole}, or {@code null} when {@code whole} is zero. */
    public static Double rate(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}
