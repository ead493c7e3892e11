package org.handover.service.support.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetaErrorsTest {

    @ParameterizedTest(name = "HTTP {0}, code {1}, subcode {2} -> {3}")
    @CsvSource(nullValues = "null", value = {
        // API Unknown and API Service: "wait and retry", whatever the HTTP status.
        "500, 1, null, TEMPORARY",
        "400, 1, null, TEMPORARY",
        "500, 2, null, TEMPORARY",
        "400, 2, null, TEMPORARY",
        "500, 1200, null, TEMPORARY",
        // Throttling of the app, the user, the page; application limit; rate limit.
        "400, 4, null, RATE_LIMITED",
        "403, 4, 1349193, RATE_LIMITED",
        "400, 17, null, RATE_LIMITED",
        "400, 32, null, RATE_LIMITED",
        "400, 341, null, RATE_LIMITED",
        "400, 613, null, RATE_LIMITED",
        "429, 613, null, RATE_LIMITED",
        // Code 10: the subcode says which refusal.
        "403, 10, 2018300, THREAD_OWNED_BY_ANOTHER_APP",
        "400, 10, 2018300, THREAD_OWNED_BY_ANOTHER_APP",
        "400, 10, 2018278, OUTSIDE_WINDOW",
        "403, 10, null, NO_PERMISSION",
        "403, 10, 1234, NO_PERMISSION",
        // API Method (a capability) and API Permission.
        "400, 3, null, NO_PERMISSION",
        "403, 200, null, NO_PERMISSION",
        "403, 230, null, NO_PERMISSION",
        "400, 299, null, NO_PERMISSION",
        "400, 551, null, PERSON_UNAVAILABLE",
        "400, 551, 1545041, PERSON_UNAVAILABLE",
        "401, 190, null, BAD_TOKEN",
        "400, 190, 460, BAD_TOKEN",
        "400, 102, null, BAD_TOKEN",
        "400, 100, null, INVALID",
        "400, 100, 2018001, INVALID",
        // Temporarily blocked for policy violations: not a fault a retry within seconds can pass.
        "400, 368, null, INVALID",
        "400, 506, null, INVALID",
        "400, 300, null, INVALID",
        "400, 999999, null, INVALID",
        // A code this classification does not name: the HTTP status decides, as without a body.
        "500, 999999, null, TEMPORARY",
        "503, 368, null, TEMPORARY",
        // No Meta body: a proxy, an outage, a gateway timeout.
        "500, null, null, TEMPORARY",
        "502, null, null, TEMPORARY",
        "503, null, null, TEMPORARY",
        "504, null, null, TEMPORARY",
        "429, null, null, TEMPORARY",
        "408, null, null, TEMPORARY",
        "400, null, null, INVALID",
        "401, null, null, INVALID",
        "403, null, null, INVALID",
        "404, null, null, INVALID",
        "413, null, 2018300, INVALID",
    })
    void classifiesEveryCodeMetaDocuments(int httpStatus, Integer code, Integer subcode, MetaErrorKind expected) {
        assertThat(MetaErrors.classify(httpStatus, code, subcode)).isEqualTo(expected);
    }

    @Test
    void retriesOnlyRateLimitsAndTemporaryFailures() {
        assertThat(Arrays.stream(MetaErrorKind.values()).filter(MetaErrorKind::retryable))
                .containsExactlyInAnyOrderElementsOf(EnumSet.of(MetaErrorKind.RATE_LIMITED, MetaErrorKind.TEMPORARY));
    }
}
