package org.handover.service.support.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AdminTokenTest {

    private final AdminToken token = AdminToken.of("s3cret-token");

    @Test
    void matchesTheConfiguredTokenIgnoringSurroundingWhiteSpace() {
        assertThat(token.matches("s3cret-token")).isTrue();
        assertThat(token.matches("  s3cret-token\n")).isTrue();
        assertThat(token.configured()).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"s3cret-tokem", "s3cret-token2", "s3cret", "S3CRET-TOKEN", "Bearer s3cret-token"})
    void refusesAnythingElse(String candidate) {
        assertThat(token.matches(candidate)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t"})
    void aMissingOrBlankConfiguredTokenMatchesNothingNotEvenItself(String configured) {
        AdminToken locked = AdminToken.of(configured);

        assertThat(locked.configured()).isFalse();
        assertThat(locked.matches(configured)).isFalse();
        assertThat(locked.matches("")).isFalse();
        assertThat(AdminToken.of(Optional.empty()).matches("")).isFalse();
    }

    private static SmallRyeConfig config(Map<String, String> env, Map<String, String> properties) {
        return new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new EnvConfigSource(env, 300), new PropertiesConfigSource(properties, "test", 250))
                .build();
    }

    @Test
    void readsTheTokenFromTheEnvironmentAsTheProductionProfileDeclaresIt() {
        AdminToken fromEnv = AdminToken.fromConfig(config(Map.of("ADMIN_TOKEN", "from-env"),
                Map.of("admin.token", "${ADMIN_TOKEN}")));

        assertThat(fromEnv.matches("from-env")).isTrue();
        assertThat(AdminToken.fromConfig(config(Map.of(), Map.of("admin.token", "plain"))).matches("plain")).isTrue();
    }

    @Test
    void aDeclaredButUnsetTokenStopsTheServiceNamingTheVariable() {
        assertThatThrownBy(() -> AdminToken.fromConfig(config(Map.of(), Map.of("admin.token", "${ADMIN_TOKEN}"))))
                .isInstanceOf(NoSuchElementException.class).hasMessageContaining("ADMIN_TOKEN");
    }

    @Test
    void aServiceThatDeclaresNoTokenHasItsAdminApiLocked() {
        AdminToken none = AdminToken.fromConfig(config(Map.of(), Map.of()));

        assertThat(none.configured()).isFalse();
        assertThat(none.matches("")).isFalse();
    }
}
