package org.handover.routing.config;

import io.smallrye.config.ConfigMapping;

/** routing-service's Messenger settings. */
@ConfigMapping(prefix = "messenger")
public interface RoutingConfig {

    /**
     * Our (bot) app's id ({@code MESSENGER_APP_ID}): echoes it sent are noise, echoes any other app sent are agent
     * activity.
     */
    String appId();
}
