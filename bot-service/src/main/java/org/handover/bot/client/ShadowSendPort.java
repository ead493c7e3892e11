package org.handover.bot.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.handover.bot.domain.OutgoingMessage;
import org.handover.bot.domain.SendOutcome;
import org.handover.bot.port.SendPort;
import org.handover.contracts.OutboundReasons;

/**
 * Shadow mode's {@link SendPort} ({@code bot.shadow-mode}): the Send API is never called. Every order that passes the
 * conversation's rules is refused {@code shadow} (whatever page tokens exist), so bot-service records it with the
 * message it would have sent and reports it refused. "Now" is event time: the moment handover-service decided the
 * order ({@code decidedAt}, stamped in event time by a shadow handover-service), so that a replay of an old
 * conversation is judged against its own 24-hour window, and the results it reports carry event time too
 * (handover-service's event-time clock advances with them); the wall clock only for an order without
 * {@code decidedAt}. {@code config.RunModeProducer} chooses it when shadow mode is on.
 */
public class ShadowSendPort implements SendPort {

    private final Clock clock;

    public ShadowSendPort(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Instant now(Instant decidedAt) {
        return decidedAt != null ? decidedAt : clock.instant();
    }

    @Override
    public Optional<String> refusal(String pageId) {
        return Optional.of(OutboundReasons.SHADOW);
    }

    /** Never reached ({@link #refusal} refuses every page); should it be, nothing is sent either. */
    @Override
    public SendOutcome send(String pageId, String psid, OutgoingMessage message, String decisionId) {
        return SendOutcome.failed(OutboundReasons.SHADOW, null, null);
    }

    /** Nothing is ever sent: no send is ever in flight. */
    @Override
    public Duration longestSend() {
        return Duration.ZERO;
    }
}
