package org.handover.handover.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.handover.handover.port.MetaGraphPort.AppsLookup;
import org.handover.handover.port.MetaGraphPort.AppsLookup.Answer;
import org.handover.handover.port.MetaGraphPort.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GraphApiPortTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "OK, OK",
        "OWNED_BY_ANOTHER_APP, OWNED_BY_ANOTHER_APP",
        "UNAVAILABLE, TEMPORARY_FAILURE",
        "PERSON_UNAVAILABLE, PERMANENT_FAILURE",
        "INVALID, PERMANENT_FAILURE",
        "BAD_TOKEN, PERMANENT_FAILURE",
        "NO_PERMISSION, PERMANENT_FAILURE",
        "NO_TOKEN, PERMANENT_FAILURE",
    })
    void foldsGraphStatusesIntoTheStateMachinesResults(GraphStatus status, Result expected) {
        assertThat(GraphApiPort.result(status)).isEqualTo(expected);
    }

    @Test
    void aListMetaAnsweredKeepsTheAppIds() {
        ReceiversOutcome listed = new ReceiversOutcome(GraphStatus.OK,
                List.of(new AppRef("263902037430900", "Page Inbox"), new AppRef("42", "Desk")), null);

        assertThat(GraphApiPort.apps(listed)).isEqualTo(AppsLookup.listed(List.of("263902037430900", "42")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "NO_PERMISSION, NO_PERMISSION, ",
        "NO_TOKEN, NO_TOKEN, ",
        "BAD_TOKEN, BAD_TOKEN, ",
        "UNAVAILABLE, UNAVAILABLE, ",
        "INVALID, REFUSED, Meta says no",
        "PERSON_UNAVAILABLE, REFUSED, Meta says no",
        "OWNED_BY_ANOTHER_APP, REFUSED, Meta says no",
    })
    void aFailedLookupSaysWhyAndKeepsMetasMessageOnlyForAnUnnamedRefusal(GraphStatus status, Answer expected,
            String detail) {
        ReceiversOutcome failed = new ReceiversOutcome(status, List.of(), new GraphError(400, 1, null, "Meta says no"));

        assertThat(GraphApiPort.apps(failed)).isEqualTo(new AppsLookup(expected, List.of(), detail));
    }
}
