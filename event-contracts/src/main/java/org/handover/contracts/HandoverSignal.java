package org.handover.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The fields of a {@code messaging_handovers} webhook event.
 *
 * @param type                {@code pass_thread_control}, {@code take_thread_control}, {@code request_thread_control}
 *                            or {@code app_roles}
 * @param newOwnerAppId       app that received control (pass/take)
 * @param previousOwnerAppId  app that lost control; {@code null} when control was taken from an idle thread
 * @param requestedOwnerAppId app asking for control (request)
 * @param metadata            the free-form metadata string the calling app attached
 * @param appRoles            app id to roles, for {@code app_roles}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HandoverSignal(
        String type,
        String newOwnerAppId,
        String previousOwnerAppId,
        String requestedOwnerAppId,
        String metadata,
        Map<String, List<String>> appRoles) {
}
