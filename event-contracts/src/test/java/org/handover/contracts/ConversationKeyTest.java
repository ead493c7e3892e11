package org.handover.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ConversationKeyTest {

    @Test
    void joinsPageAndPsidWithAColon() {
        assertThat(ConversationKey.of("1234", "5678").value()).isEqualTo("1234:5678");
        assertThat(ConversationKey.of("1234", "5678")).hasToString("1234:5678");
    }

    @Test
    void parsesItsOwnWireForm() {
        assertThat(ConversationKey.parse("1234:5678")).isEqualTo(ConversationKey.of("1234", "5678"));
    }

    @Test
    void keysPageLevelEventsByThePageAlone() {
        assertThat(ConversationKey.forPage("1234")).isEqualTo("1234");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234", "1234:", ":5678", "1:2:3", " :5678"})
    void rejectsKeysThatAreNotPageColonPsid(String key) {
        assertThatThrownBy(() -> ConversationKey.parse(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "a:b"})
    void rejectsBlankOrColonIds(String id) {
        assertThatThrownBy(() -> ConversationKey.of(id, "5678")).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> ConversationKey.of("1234", id)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void inboundEventsOfAPageAreKeyedByThePage() {
        var appRoles = new InboundEvent(1, "e", "P", null, EventClass.HANDOVER_SIGNAL, "messaging", "app_roles",
                null, null, null, null, null, null, null);
        var message = new InboundEvent(1, "e", "P", "U", EventClass.FREE_TEXT, "messaging", "message",
                null, null, null, null, null, null, null);

        assertThat(appRoles.key()).isEqualTo("P");
        assertThat(message.key()).isEqualTo("P:U");
    }
}
