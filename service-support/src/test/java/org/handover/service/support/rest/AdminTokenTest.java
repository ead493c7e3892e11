package org.handover.service.support.rest;

import static org.assertj.core.api.Assertions.assertThat;

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
}
