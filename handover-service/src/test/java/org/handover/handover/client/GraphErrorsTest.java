package org.handover.handover.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GraphErrorsTest {

    @ParameterizedTest(name = "HTTP {0}, code {1}, subcode {2} -> {3}")
    @CsvSource(nullValues = "null", value = {
        "400, 10, 2018300, OWNED_BY_ANOTHER_APP",
        "400, 10, null, NO_PERMISSION",
        "400, 10, 2018278, NO_PERMISSION",
        "400, 551, null, PERSON_UNAVAILABLE",
        "400, 551, 1545041, PERSON_UNAVAILABLE",
        "400, 100, null, INVALID",
        "400, 100, 2018001, INVALID",
        "400, 190, null, BAD_TOKEN",
        "400, 190, 460, BAD_TOKEN",
        "400, 102, null, BAD_TOKEN",
        "403, 200, null, NO_PERMISSION",
        "403, 230, null, NO_PERMISSION",
        "400, 299, null, NO_PERMISSION",
        // Shared classification: code 3 ("API Method", a missing capability) is a permission (it was INVALID).
        "400, 3, null, NO_PERMISSION",
        "500, 2, null, UNAVAILABLE",
        "400, 2, null, UNAVAILABLE",
        "500, 1200, null, UNAVAILABLE",
        "400, 4, null, UNAVAILABLE",
        "400, 613, null, UNAVAILABLE",
        "429, 613, null, UNAVAILABLE",
        // The user's (17) and page's (32) request limits and the application limit (341) (they were INVALID).
        "400, 17, null, UNAVAILABLE",
        "400, 32, null, UNAVAILABLE",
        "400, 341, null, UNAVAILABLE",
        // Code 1, "API Unknown": Meta says wait and retry, whatever the HTTP status (a 400 was INVALID).
        "400, 1, null, UNAVAILABLE",
        "400, 368, null, INVALID",
        "500, 1, null, UNAVAILABLE",
        "500, null, null, UNAVAILABLE",
        "502, null, null, UNAVAILABLE",
        "503, null, null, UNAVAILABLE",
        "429, null, null, UNAVAILABLE",
        "408, null, null, UNAVAILABLE",
        "400, null, null, INVALID",
        "404, null, null, INVALID",
    })
    void mapsMetaErrorsToStatuses(int httpStatus, Integer code, Integer subcode, GraphStatus expected) {
        assertThat(GraphErrors.classify(httpStatus, code, subcode)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "POST /P/pass_thread_control?access_token=EAAB123 for server x | POST /P/pass_thread_control?access_token=*** for server x",
        "GET /P/thread_owner?recipient=1&access_token=abc&x=y | GET /P/thread_owner?recipient=1&access_token=***&x=y",
        "https://h/P?access_token=abc | https://h/P?access_token=***",
        "no token here | no token here",
    })
    void scrubsAccessTokensOutOfText(String text, String scrubbed) {
        assertThat(GraphErrors.scrub(text)).isEqualTo(scrubbed);
    }

    @ParameterizedTest
    @CsvSource({"OK, false", "UNAVAILABLE, true", "OWNED_BY_ANOTHER_APP, false", "PERSON_UNAVAILABLE, false",
        "INVALID, false", "BAD_TOKEN, false", "NO_PERMISSION, false", "NO_TOKEN, false"})
    void retriesOnlyUnavailable(GraphStatus status, boolean retryable) {
        assertThat(GraphErrors.isRetryable(status)).isEqualTo(retryable);
    }
}
