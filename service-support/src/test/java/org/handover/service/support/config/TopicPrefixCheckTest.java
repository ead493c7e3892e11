package org.handover.service.support.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicPrefixCheckTest {

    private final TopicPrefixCheck check = new TopicPrefixCheck();

    @ParameterizedTest
    @ValueSource(strings = {"", "replay-1.", "replay_2-x.", "A.b"})
    void acceptsNoPrefixAndPrefixesKafkaAllows(String prefix) {
        assertThatCode(() -> check.check(null, Optional.of(prefix))).doesNotThrowAnyException();
    }

    @Test
    void acceptsAnUnsetPrefix() {
        assertThatCode(() -> check.check(null, Optional.empty())).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"replay:1", "replay 1/", "a*b", "x,y"})
    void refusesAPrefixKafkaWouldRefuseNamingTheVariable(String prefix) {
        assertThatThrownBy(() -> check.check(null, Optional.of(prefix)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TOPIC_PREFIX '" + prefix + "' is not a valid topic prefix");
    }
}
