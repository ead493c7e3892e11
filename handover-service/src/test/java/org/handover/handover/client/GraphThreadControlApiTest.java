package org.handover.handover.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.handover.handover.service.ThreadControlApi.Result;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GraphThreadControlApiTest {

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
        assertThat(GraphThreadControlApi.result(status)).isEqualTo(expected);
    }
}
