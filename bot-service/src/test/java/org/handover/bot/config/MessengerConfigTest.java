package org.handover.bot.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Page tokens resolve from the environment variable form the deployment uses, without a property file entry. */
class MessengerConfigTest {

    @Test
    void readsPageTokensFromEnvironmentVariables() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(Map.of(
                        "MESSENGER_PAGE_TOKENS_110000000000001", "token-one",
                        "MESSENGER_PAGE_TOKENS_110000000000002", "token-two",
                        "MESSENGER_GRAPH_BASE_URL", "http://localhost:8090"), 300))
                .withMapping(MessengerConfig.class)
                .build();

        MessengerConfig messenger = config.getConfigMapping(MessengerConfig.class);

        assertThat(messenger.pageTokens()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "110000000000001", "token-one", "110000000000002", "token-two"));
        assertThat(messenger.graph().baseUrl()).isEqualTo("http://localhost:8090");
    }

    @Test
    void readsQuotedPageIdPropertiesAndHasNoTokenByDefault() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of("messenger.page-tokens.\"110000000000001\"", "t"),
                        "test", 100))
                .withMapping(MessengerConfig.class)
                .build();
        SmallRyeConfig empty = new SmallRyeConfigBuilder().withMapping(MessengerConfig.class).build();

        assertThat(config.getConfigMapping(MessengerConfig.class).pageTokens()).containsExactly(
                Map.entry("110000000000001", "t"));
        assertThat(empty.getConfigMapping(MessengerConfig.class).pageTokens()).isEmpty();
        assertThat(empty.getConfigMapping(MessengerConfig.class).graph().baseUrl())
                .isEqualTo("https://graph.facebook.com/v23.0");
    }
}
