package org.handover.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A change of thread owner, as decided or observed by handover-service.
 *
 * @param owner         the new owner
 * @param ownerAppId    the app that now owns the thread, where known
 * @param previousOwner the owner before the change
 * @param cause         why, in a few words ({@code user_accepted}, {@code agent_done}, {@code inbox_request}, ...)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ControlChange(Owner owner, String ownerAppId, Owner previousOwner, String cause) {
}
