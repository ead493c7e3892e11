package org.handover.ingress.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code messenger.webhook.max-events}: 1000 unless {@code MESSENGER_WEBHOOK_MAX_EVENTS} says otherwise. */
class MaxEventsConfigTest {

    private static IngressConfig config(Map<String, String> env) {
        java.util.HashMap<String, String> all = new java.util.HashMap<>(env);
        all.put("MESSENGER_VERIFY_TOKEN", "t");
        all.put("MESSENGER_APP_SECRETS", "s");
        // Quarkus' converter reads "3s", the ack timeout's default, as the running service does.
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(IngressConfig.class)
                .withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new EnvConfigSource(all, 300)).build();
        return config.getConfigMapping(IngressConfig.class);
    }

    @Test
    void defaultsToMetasLargestBatch() {
        assertThat(config(Map.of()).webhook().maxEvents()).isEqualTo(1000);
    }

    @Test
    void isSetFromTheEnvironment() {
        assertThat(config(Map.of("MESSENGER_WEBHOOK_MAX_EVENTS", "250")).webhook().maxEvents()).isEqualTo(250);
    }
}
