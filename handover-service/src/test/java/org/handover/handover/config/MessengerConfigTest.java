package org.handover.handover.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessengerConfigTest {

    private static MessengerConfig load(Map<String, String> env, Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(env, 300), new PropertiesConfigSource(properties, "test", 250))
                .withMapping(MessengerConfig.class)
                .build();
        return config.getConfigMapping(MessengerConfig.class);
    }

    @Test
    void readsPageTokensFromEnvironmentVariablesNamedAfterThePage() {
        MessengerConfig config = load(
                Map.of("MESSENGER_PAGE_TOKENS_110000000000001", "env-token", "MESSENGER_APP_ID", "220000000000002"),
                Map.of("messenger.graph.base-url", "http://localhost:1"));

        assertThat(config.pageToken("110000000000001")).contains("env-token");
        assertThat(config.appId()).isEqualTo("220000000000002");
    }

    @Test
    void readsQuotedPageTokenPropertiesAndRefusesBlankOrUnknownPages() {
        MessengerConfig config = load(Map.of(), Map.of(
                "messenger.app-id", "1",
                "messenger.graph.base-url", "http://localhost:1",
                "messenger.page-tokens.\"PAGE_A\"", "a-token",
                "messenger.page-tokens.\"PAGE_B\"", " "));

        assertThat(config.pageToken("PAGE_A")).contains("a-token");
        assertThat(config.pageToken("PAGE_B")).isEmpty();
        assertThat(config.pageToken("PAGE_C")).isEmpty();
        assertThat(config.pageToken(null)).isEmpty();
    }

    @Test
    void retriesThreeTimesWithinFiveSecondsByDefault() {
        MessengerConfig config = load(Map.of(), Map.of("messenger.app-id", "1", "messenger.graph.base-url", "x"));

        assertThat(config.graph().retry().maxAttempts()).isEqualTo(3);
        assertThat(config.graph().retry().initialDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.graph().retry().maxDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.graph().retry().maxDuration()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.pageTokens()).isEmpty();
    }
}
