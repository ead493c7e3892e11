package org.handover.bot.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.handover.contracts.OutboundReasons;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetaErrorTest {

    @ParameterizedTest(name = "HTTP {0}, code {1}/{2} -> {3}")
    @CsvSource(nullValues = "null", value = {
            "400, 4, null, RATE_LIMITED",
            "400, 613, null, RATE_LIMITED",
            // Shared classification: the user's (17) and page's (32) request limits and the application limit (341)
            // are rate limits too (they were REJECTED).
            "400, 17, null, RATE_LIMITED",
            "400, 32, null, RATE_LIMITED",
            "400, 341, null, RATE_LIMITED",
            "500, 2, null, TEMPORARY",
            "500, 1200, null, TEMPORARY",
            // Code 1, "API Unknown": Meta says wait and retry (it was REJECTED).
            "500, 1, null, TEMPORARY",
            "400, 1, null, TEMPORARY",
            "403, 10, 2018300, THREAD_OWNED_BY_ANOTHER_APP",
            "400, 10, 2018278, OUTSIDE_WINDOW",
            "403, 10, null, REJECTED",
            "403, 10, 1234, REJECTED",
            "400, 551, 1545041, REJECTED",
            "400, 100, 2018001, REJECTED",
            "400, 100, null, REJECTED",
            "401, 190, null, REJECTED",
            "400, 102, null, REJECTED",
            "400, 3, null, REJECTED",
            "403, 200, null, REJECTED",
            "400, 999999, null, REJECTED",
            // Meta's body with a code it names is Meta refusing the call, whatever the status: retried.
            "503, 2, null, TEMPORARY",
            // A server error without a code Meta names (a proxy, a gateway, an unknown code): Meta may have taken the
            // message. Ambiguous: not retried by default (were TEMPORARY, so retried).
            "500, 999999, null, AMBIGUOUS",
            "500, null, null, AMBIGUOUS",
            "502, null, null, AMBIGUOUS",
            "503, null, null, AMBIGUOUS",
            "504, null, null, AMBIGUOUS",
            // A request timeout without Meta's body: not Meta's answer, and whoever gave it may have passed the request
            // on. Ambiguous too.
            "408, null, null, AMBIGUOUS",
            // Too many requests: refused before any work, retried.
            "429, null, null, TEMPORARY",
            "404, null, null, REJECTED",
            "400, null, null, REJECTED"})
    void classifiesMetaErrors(int status, Integer code, Integer subcode, MetaError expected) {
        assertThat(MetaError.classify(status, code, subcode)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "RATE_LIMITED, true, rate_limited",
            "TEMPORARY, true, temporary_failure",
            "AMBIGUOUS, false, outcome_unknown",
            "THREAD_OWNED_BY_ANOTHER_APP, false, thread_owned_by_another_app",
            "OUTSIDE_WINDOW, false, outside_window",
            "REJECTED, false, rejected_by_meta"})
    void retriesOnlyWhatSaysTheMessageWasNotSentAndNamesEachWithAnOutboundReason(MetaError error, boolean retryable,
            String reason) {
        assertThat(error.retryable()).isEqualTo(retryable);
        assertThat(error.reason()).isEqualTo(reason);
        assertThat(reason).isIn(OutboundReasons.RATE_LIMITED, OutboundReasons.TEMPORARY_FAILURE,
                OutboundReasons.THREAD_OWNED_BY_ANOTHER_APP, OutboundReasons.OUTSIDE_WINDOW,
                OutboundReasons.REJECTED_BY_META, OutboundReasons.OUTCOME_UNKNOWN);
    }
}
