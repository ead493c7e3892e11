package org.handover.handover.client;

import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.handover.service.support.meta.MetaErrorKind;
import org.handover.service.support.meta.MetaErrors;

/**
 * Plain-Java mapping of Meta's errors to {@link GraphStatus} (the shared classification, {@link MetaErrors#classify},
 * in the terms of thread control), and the scrubbing of tokens out of text.
 */
public final class GraphErrors {

    /**
     * Meta's transient codes: 1 (unknown, "wait and retry"), 2 (temporary), 1200 (temporary send failure), and the
     * rate limits 4, 17, 32, 341, 613.
     */
    public static final Set<Integer> RETRYABLE_CODES = Stream.concat(MetaErrors.TEMPORARY_CODES.stream(),
            MetaErrors.RATE_LIMIT_CODES.stream()).collect(Collectors.toUnmodifiableSet());

    /** Subcode of code 10 meaning "another app is controlling this thread". */
    public static final int OWNED_BY_ANOTHER_APP_SUBCODE = MetaErrors.THREAD_OWNED_SUBCODE;

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
        return of(MetaErrors.classify(httpStatus, code, subcode));
    }

    /**
     * The status of a kind. Thread control has no 24-hour window: Meta's "outside the window" refusal (10/2018278)
     * is one more missing permission here.
     */
    public static GraphStatus of(MetaErrorKind kind) {
        return switch (kind) {
            case RATE_LIMITED, TEMPORARY -> GraphStatus.UNAVAILABLE;
            case THREAD_OWNED_BY_ANOTHER_APP -> GraphStatus.OWNED_BY_ANOTHER_APP;
            case OUTSIDE_WINDOW, NO_PERMISSION -> GraphStatus.NO_PERMISSION;
            case PERSON_UNAVAILABLE -> GraphStatus.PERSON_UNAVAILABLE;
            case BAD_TOKEN -> GraphStatus.BAD_TOKEN;
            case INVALID -> GraphStatus.INVALID;
        };
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
