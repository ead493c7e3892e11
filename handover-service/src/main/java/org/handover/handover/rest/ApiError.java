package org.handover.handover.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The body of every error answer of the admin API.
 *
 * @param reason machine-readable ({@code unauthorized}, {@code invalid_settings}, {@code not_primary_receiver}, ...)
 * @param message what a page admin reads
 * @param errors one line per invalid field, for {@code invalid_settings}; absent otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String reason, String message, List<String> errors) {

    public static ApiError of(String reason, String message) {
        return new ApiError(reason, message, null);
    }
}
