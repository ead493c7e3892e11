package org.handover.replay.shadow;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.handover.harness.ExternalDatabase;
import org.handover.replay.timeline.TimelineQuery;

/**
 * Everything a replay needs to know.
 *
 * @param query              the conversation and the slice of its raw events
 * @param kafka              Kafka client configuration of the cluster holding the recorded topics
 * @param namespace          the replay's topic namespace (its topics are {@code <namespace>.<topic>})
 * @param intoProduction     write the slice into the production raw topic instead (no shadow services)
 * @param handover           whether handover is active in the replay
 * @param settingsFile       the page's settings (the admin API's JSON) to replay with, instead of production's
 * @param catalogFile        the page's catalog (bot-service's admin API JSON) to replay with
 * @param handoverAdmin      production handover-service, to copy the page's settings from
 * @param botAdmin           production bot-service, to copy the page's catalog from
 * @param adminToken         the production admin APIs' token (from the environment, never a flag)
 * @param appId              our app id, as production runs it
 * @param repoRoot           the repository holding the built service jars
 * @param workDir            where the shadow services' folders, logs and throwaway database go
 * @param database           an external database for this replay only; {@code null} starts a throwaway embedded one
 * @param settle             how long the shadow services must be quiet before the next event is fed
 * @param keep               keep the replay's topics and consumer groups afterwards
 * @param replicationFactor  replication factor of the replay's topics ({@code -1}: the cluster's default)
 * @param showText           show the user's message text
 */
public record ReplayOptions(TimelineQuery query, Map<String, Object> kafka, String namespace, boolean intoProduction,
        HandoverSwitch handover, Path settingsFile, Path catalogFile, URI handoverAdmin, URI botAdmin,
        String adminToken, String appId, Path repoRoot, Path workDir, ExternalDatabase database,
        Duration settle, boolean keep, short replicationFactor, boolean showText) {

    /** Whether handover is active in the replay. */
    public enum HandoverSwitch {
        /** As the page's settings say (copied from production or given in a file). */
        AS_RECORDED,
        ON,
        OFF
    }

    /** The topic prefix of the replay's namespace. */
    public String prefix() {
        return intoProduction ? "" : namespace + ".";
    }
}
