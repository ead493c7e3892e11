package org.handover.bot.port;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.handover.bot.domain.OutgoingMessage;
import org.handover.bot.domain.SendOutcome;

/**
 * Meta's Send API as bot-service needs it, in plain Java: "now" for an order, whether a page's users can be sent to
 * at all, and the send itself. The rest of the service calls Meta only through this port.
 *
 * <p>Which implementation runs is decided once, at start ({@code config.RunModeProducer}): {@code client.SendApiPort}
 * in production (the wall clock; refuses a page without access token; sends through the Send API), or
 * {@code client.ShadowSendPort} in shadow mode (event time: an order is judged at its {@code decidedAt}; refuses
 * every order {@code shadow}, so the service records what would have been sent and Meta is never called). Nothing
 * else in the service asks which mode it runs in.
 */
public interface SendPort {

    /**
     * "Now" for an order that handover-service decided at {@code decidedAt} ({@code null} when the order does not
     * say): the time its 24-hour window is judged at, and its result and record stamped with.
     */
    Instant now(Instant decidedAt);

    /**
     * Why nothing can be sent to the users of {@code pageId}, if so ({@link org.handover.contracts.OutboundReasons}):
     * judged after every rule about the conversation itself, so that a refused order still shows what would have
     * been sent. Empty when {@link #send} may be called.
     */
    Optional<String> refusal(String pageId);

    /**
     * Sends {@code message} to {@code psid} on {@code pageId}, with {@code decisionId} in Meta's metadata (it comes
     * back on the echo); never throws. Only for a page whose {@link #refusal} is empty.
     *
     * @return sent with Meta's message id, or failed with the reason and Meta's code and subcode
     */
    SendOutcome send(String pageId, String psid, OutgoingMessage message, String decisionId);

    /**
     * The longest one {@link #send} can take, retries, timeouts and waits included: a send still in flight after it
     * cannot be waiting for Meta any more. An in-flight send's lease is at least this long.
     */
    Duration longestSend();
}
