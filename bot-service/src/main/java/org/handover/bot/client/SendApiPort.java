package org.handover.bot.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.handover.bot.domain.OutgoingMessage;
import org.handover.bot.domain.SendOutcome;
import org.handover.bot.port.PageTokenLookup;
import org.handover.bot.port.SendPort;
import org.handover.service.support.meta.MetaErrors;

/**
 * Production's {@link SendPort}: the wall clock, the page's access token from the {@link PageTokenLookup} (connected
 * through handover-service, else {@code MESSENGER_PAGE_TOKENS_<PAGEID>}; a page without one is refused
 * {@code no_page_token}, a page whose token Meta rejected {@code page_token_rejected}), and the message through
 * {@link SendApiClient}. A send Meta answers 190/102 marks the token rejected, so the page's next orders are refused
 * instead of failing one after the other. {@code config.RunModeProducer} chooses it when shadow mode is off.
 */
public class SendApiPort implements SendPort {

    private final SendApiClient sendApi;
    private final PageTokenLookup tokens;
    private final Clock clock;

    public SendApiPort(SendApiClient sendApi, PageTokenLookup tokens, Clock clock) {
        this.sendApi = sendApi;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** The wall clock: production judges every order at the moment it handles it. */
    @Override
    public Instant now(Instant decidedAt) {
        return clock.instant();
    }

    @Override
    public Optional<String> refusal(String pageId) {
        return tokens.refusal(pageId);
    }

    @Override
    public SendOutcome send(String pageId, String psid, OutgoingMessage message, String decisionId) {
        String token = tokens.token(pageId).orElseThrow();
        SendOutcome outcome = sendApi.send(pageId, token, psid, message, decisionId);
        if (!outcome.sent() && outcome.errorCode() != null && MetaErrors.TOKEN_CODES.contains(outcome.errorCode())) {
            tokens.rejected(pageId, token);
        }
        return outcome;
    }

    @Override
    public Duration longestSend() {
        return sendApi.worstCase();
    }
}
