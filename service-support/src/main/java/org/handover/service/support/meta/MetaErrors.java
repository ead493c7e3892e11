package org.handover.service.support.meta;

import java.util.Set;

/**
 * The one classification of Meta's error answers, plain Java. Decided from Meta's "Handling Errors" guide of the
 * Graph API and the Messenger Platform's error codes:
 *
 * <table>
 * <caption>Meta's answer and its kind</caption>
 * <tr><th>code (subcode)</th><th>Meta's name</th><th>kind</th></tr>
 * <tr><td>1</td><td>API Unknown: possibly a temporary issue due to downtime, wait and retry</td><td>TEMPORARY</td></tr>
 * <tr><td>2</td><td>API Service: temporary issue due to downtime, wait and retry</td><td>TEMPORARY</td></tr>
 * <tr><td>1200</td><td>temporary send message failure, try again later</td><td>TEMPORARY</td></tr>
 * <tr><td>4, 17, 32, 341, 613</td><td>too many calls (app, user, page), application limit, rate limit</td>
 * <td>RATE_LIMITED</td></tr>
 * <tr><td>10 (2018300)</td><td>another app is controlling this thread</td><td>THREAD_OWNED_BY_ANOTHER_APP</td></tr>
 * <tr><td>10 (2018278)</td><td>message sent outside the allowed window</td><td>OUTSIDE_WINDOW</td></tr>
 * <tr><td>10 (other), 3, 200-299</td><td>permission denied, API method (capability), API permission</td>
 * <td>NO_PERMISSION</td></tr>
 * <tr><td>551</td><td>this person isn't available right now</td><td>PERSON_UNAVAILABLE</td></tr>
 * <tr><td>190, 102</td><td>access token expired or invalid, API session</td><td>BAD_TOKEN</td></tr>
 * <tr><td>100, 368, any other code</td><td>invalid parameter, temporarily blocked for policy violations...</td>
 * <td>INVALID, unless the HTTP status says otherwise (below)</td></tr>
 * </table>
 *
 * <p>Where Meta's body carries no code, or a code not named above, Meta's own classification is missing and the HTTP
 * status decides: 408, 429 and 5xx (a proxy, an outage, a gateway timeout) are {@link MetaErrorKind#TEMPORARY},
 * anything else {@link MetaErrorKind#INVALID}.
 */
public final class MetaErrors {

    /** Meta's code of a refused permission; its subcode says which ({@link #THREAD_OWNED_SUBCODE}...). */
    public static final int PERMISSION_CODE = 10;
    /** Subcode of {@link #PERMISSION_CODE}: another app is controlling this thread. */
    public static final int THREAD_OWNED_SUBCODE = 2018300;
    /** Subcode of {@link #PERMISSION_CODE}: the message is sent outside the allowed window. */
    public static final int OUTSIDE_WINDOW_SUBCODE = 2018278;

    /** Codes that say "wait and retry": API Unknown (1), API Service (2), temporary send failure (1200). */
    public static final Set<Integer> TEMPORARY_CODES = Set.of(1, 2, 1200);
    /** Throttling: app (4), user (17), page (32), application limit (341), rate limit (613). */
    public static final Set<Integer> RATE_LIMIT_CODES = Set.of(4, 17, 32, 341, 613);
    /** The page access token: expired or invalid (190), API session (102). */
    public static final Set<Integer> TOKEN_CODES = Set.of(190, 102);

    private MetaErrors() {
    }

    /**
     * The kind of an error answer.
     *
     * @param httpStatus the HTTP status Meta (or what stands in front of it) answered
     * @param code       Meta's {@code error.code}, {@code null} when the body carried none
     * @param subcode    Meta's {@code error.error_subcode}, {@code null} when absent
     */
    public static MetaErrorKind classify(int httpStatus, Integer code, Integer subcode) {
        if (code != null) {
            if (TEMPORARY_CODES.contains(code)) {
                return MetaErrorKind.TEMPORARY;
            }
            if (RATE_LIMIT_CODES.contains(code)) {
                return MetaErrorKind.RATE_LIMITED;
            }
            if (code == PERMISSION_CODE) {
                if (subcode != null && subcode == THREAD_OWNED_SUBCODE) {
                    return MetaErrorKind.THREAD_OWNED_BY_ANOTHER_APP;
                }
                if (subcode != null && subcode == OUTSIDE_WINDOW_SUBCODE) {
                    return MetaErrorKind.OUTSIDE_WINDOW;
                }
                return MetaErrorKind.NO_PERMISSION;
            }
            if (code == 3 || (code >= 200 && code <= 299)) {
                return MetaErrorKind.NO_PERMISSION;
            }
            if (code == 551) {
                return MetaErrorKind.PERSON_UNAVAILABLE;
            }
            if (TOKEN_CODES.contains(code)) {
                return MetaErrorKind.BAD_TOKEN;
            }
        }
        // No code, or one not named above: Meta's own classification is missing, the HTTP status decides.
        if (httpStatus >= 500 || httpStatus == 429 || httpStatus == 408) {
            return MetaErrorKind.TEMPORARY;
        }
        return MetaErrorKind.INVALID;
    }
}
