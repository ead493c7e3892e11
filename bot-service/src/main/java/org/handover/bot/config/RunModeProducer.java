package org.handover.bot.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import org.handover.bot.client.SendApiClient;
import org.handover.bot.client.SendApiPort;
import org.handover.bot.client.ShadowSendPort;
import org.handover.bot.port.PageTokenLookup;
import org.handover.bot.port.SendPort;

/**
 * The one place that reads {@link BotConfig#shadowMode()}: at start it chooses the {@link SendPort}, and everything
 * else just uses it. {@link SendApiPort} over the Send API in production; {@link ShadowSendPort} in shadow mode,
 * where the Send API client is never even created. A runtime choice (the same jar runs both ways), hence a producer
 * rather than a build-time switch.
 */
@ApplicationScoped
public class RunModeProducer {

    private final boolean shadowMode;

    public RunModeProducer(BotConfig config) {
        this.shadowMode = config.shadowMode();
    }

    @Produces
    @ApplicationScoped
    SendPort sendPort(Instance<SendApiClient> sendApi, PageTokenLookup tokens, Clock clock) {
        return shadowMode ? new ShadowSendPort(clock) : new SendApiPort(sendApi.get(), tokens, clock);
    }
}
