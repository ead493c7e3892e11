package org.handover.handover.client;

import java.util.Set;
import java.util.regex.Pattern;

/** Plain-Java mapping of Meta's error codes to {@link GraphStatus}, and the scrubbing of tokens out of text. */
public final class GraphErrors {

    /** Meta's transient codes: 2 (temporary), 1200 (temporary send failure), 4 and 613 (rate limited). */
    public static final Set<Integer> RETRYABLE_CODES = Set.of(2, 4, 613, 1200);

    /** Subcode of code 10 meaning "another app is controlling this thread". */
    public static final int OWNED_BY_ANOTHER_APP_SUBCODE = 2018300;

    private static final Pattern ACCESS_TOKEN = Pattern.compile("(access_token=)[^&\\s\"']*");

    private GraphErrors() {
    }

    /**
     * The status of an error answer.
     *
     * @param httpStatus the HTTP status Meta answered (4xx/5xx)
     * @param code Meta's {@code error.code}, null when the body carried none
     * @param subcode Meta's {@code error.error_subcode}, null when absent
     */
    public static GraphStatus classify(int httpStatus, Integer code, Integer subcode) {
        if (code != null) {
            if (RETRYABLE_CODES.contains(code)) {
                return GraphStatus.UNAVAILABLE;
            }
            if (code == 10) {
                return subcode != null && subcode == OWNED_BY_ANOTHER_APP_SUBCODE
                        ? GraphStatus.OWNED_BY_ANOTHER_APP
                        : GraphStatus.NO_PERMISSION;
            }
            if (code == 551) {
                return GraphStatus.PERSON_UNAVAILABLE;
            }
            if (code == 190 || code == 102) {
                return GraphStatus.BAD_TOKEN;
            }
            if (code >= 200 && code <= 299) {
                return GraphStatus.NO_PERMISSION;
            }
        }
        // Without a code Meta's own classification is missing: fall back on the HTTP status.
        if (httpStatus >= 500 || httpStatus == 429 || httpStatus == 408) {
            return GraphStatus.UNAVAILABLE;
        }
        return GraphStatus.INVALID;
    }

    /** Whether a status is worth another attempt. */
    public static boolean isRetryable(GraphStatus status) {
        return status == GraphStatus.UNAVAILABLE;
    }

    /** {@code text} with the value of every {@code access_token=} parameter replaced, so it can be logged. */
    public static String scrub(String text) {
        return text == null ? null : ACCESS_TOKEN.matcher(text).replaceAll("$1***");
    }
}
