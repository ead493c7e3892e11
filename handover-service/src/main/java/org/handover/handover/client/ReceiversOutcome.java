package org.handover.handover.client;

import java.util.List;

/**
 * The apps listed by {@code GET secondary_receivers} or {@code GET subscribed_apps}.
 *
 * @param status what the call came to
 * @param apps the apps when {@code status} is {@link GraphStatus#OK}, otherwise empty; never null
 * @param error Meta's error when {@code status} is not OK
 */
public record ReceiversOutcome(GraphStatus status, List<AppRef> apps, GraphError error) {

    public ReceiversOutcome {
        apps = apps == null ? List.of() : List.copyOf(apps);
    }

    /** Whether Meta answered the list. */
    public boolean ok() {
        return status == GraphStatus.OK;
    }

    /** Whether the list holds the app {@code appId}. */
    public boolean contains(String appId) {
        return appId != null && apps.stream().anyMatch(app -> appId.equals(app.id()));
    }
}
