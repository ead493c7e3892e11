package org.handover.emulator;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A page on the emulated platform.
 *
 * @param id             the page id
 * @param name           a display name
 * @param setup          legacy roles or Conversation Routing
 * @param subscribedApps the apps subscribed to the page's webhooks (each gets {@code messaging[]} or
 *                       {@code standby[]})
 * @param tokens         the page access token of each app, by app id
 */
public record PageSpec(String id, String name, PageSetup setup, List<String> subscribedApps,
        Map<String, String> tokens) {

    public PageSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(setup, "setup");
        name = name == null ? id : name;
        subscribedApps = subscribedApps == null ? List.of() : List.copyOf(subscribedApps);
        tokens = tokens == null ? Map.of() : Map.copyOf(tokens);
    }

    @Override
    public String toString() {
        // Never the tokens.
        return "PageSpec[id=" + id + ", name=" + name + ", setup=" + setup + ", subscribedApps=" + subscribedApps + "]";
    }
}
