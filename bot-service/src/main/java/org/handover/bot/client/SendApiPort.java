package org.handover.bot.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.handover.bot.domain.OutgoingMessage;
import org.handover.bot.domain.SendOutcome;
import org.handover.bot.port.SendPort;
import org.handover.contracts.OutboundReasons;

/**
 * Production's {@link SendPort}: the wall clock, the page's access token from the configuration
 * ({@code MESSENGER_PAGE_TOKENS_<PAGEID>}; a page without one is refused {@code no_page_token}), and the message
 * through {@link SendApiClient}. {@code config.RunModeProducer} chooses it when shadow mode is off.
 */
public class SendApiPort implements SendPort {

    private final SendApiClient sendApi;
    private final Map<String, String> pageTokens;
    private final Clock clock;

    public SendApiPort(SendApiClient sendApi, Map<String, String> pageTokens, Clock clock) {
        this.sendApi = sendApi;
        this.pageTokens = Map.copyOf(pageTokens);
        this.clock = clock;
    }

    /** The wall clock: production judges every order at the moment it handles it. */
    @Override
    public Instant now(Instant decidedAt) {
        return clock.instant();
    }

    @Override
    public Optional<String> refusal(String pageId) {
        return token(pageId).isPresent() ? Optional.empty() : Optional.of(OutboundReasons.NO_PAGE_TOKEN);
    }

    @Override
    public SendOutcome send(String pageId, String psid, OutgoingMessage message, String decisionId) {
        return sendApi.send(pageId, token(pageId).orElseThrow(), psid, message, decisionId);
    }

    @Override
    public Duration longestSend() {
        return sendApi.worstCase();
    }

    private Optional<String> token(String pageId) {
        return Optional.ofNullable(pageTokens.get(pageId)).filter(t -> !t.isBlank());
    }
}
