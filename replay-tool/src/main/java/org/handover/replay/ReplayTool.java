package org.handover.replay;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import org.handover.harness.ExternalDatabase;
import org.handover.replay.shadow.Progress;
import org.handover.replay.shadow.Replay;
import org.handover.replay.shadow.ReplayException;
import org.handover.replay.shadow.ReplayOptions;
import org.handover.replay.shadow.ReplayOptions.HandoverSwitch;
import org.handover.replay.shadow.ReplayReport;
import org.handover.replay.timeline.BulletinSteps;
import org.handover.replay.timeline.Timeline;
import org.handover.replay.timeline.TimelineQuery;
import org.handover.replay.timeline.TimelineReader;
import org.handover.replay.timeline.TimelineText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code replay-tool/replay timeline ...}, {@code replay-tool/replay replay ...} and {@code replay-tool/replay dlq
 * list|show|redrive ...}: see the module's README. Exit codes: 0 done, 1 the tool could not do it (the message says
 * why; for {@code dlq show} and {@code dlq redrive}, also: no dead letter matched), 2 wrong usage, 3 a replayed
 * message was really sent (a shadow service was not in shadow mode; never expected).
 */
@Command(name = "replay", mixinStandardHelpOptions = true, version = "messenger-handover replay-tool",
        description = "Debug a Messenger conversation from the Kafka topics: its timeline, a replay of it "
                + "through today's services in shadow mode, and the dead letters (list, show, re-drive).",
        subcommands = {ReplayTool.TimelineCommand.class, ReplayTool.ReplayCommand.class, DlqCommands.class})
public final class ReplayTool {

    public static final int SENT_IN_SHADOW = 3;

    public static void main(String[] args) {
        // the tool's own logging setup (WARN, on stderr), not the local stack's, which is on the class path too
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "replay-logback.xml");
        }
        System.exit(run(System.out, System.err, args));
    }

    /** Runs the tool with its output on {@code out} and errors on {@code err}; returns the exit code. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine commandLine = new CommandLine(new ReplayTool());
        commandLine.setOut(new java.io.PrintWriter(out, true));
        commandLine.setErr(new java.io.PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ReplayException || e instanceof IllegalArgumentException
                    || e instanceof IllegalStateException) {
                err.println("replay: " + e.getMessage());
                return 1;
            }
            if (e instanceof org.apache.kafka.common.KafkaException) {
                err.println("replay: Kafka: " + e.getMessage()
                        + " (check --bootstrap-servers and --kafka-config, and that the cluster is reachable)");
                return 1;
            }
            throw e;
        });
        giveOut(commandLine, out, err);
        return commandLine.execute(args);
    }

    /** Hands {@code out} (and {@code err}, for progress) to every command (and nested command) that prints. */
    private static void giveOut(CommandLine commandLine, PrintStream out, PrintStream err) {
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            if (sub.getCommand() instanceof Holder holder) {
                holder.out = out;
                holder.err = err;
            }
            giveOut(sub, out, err);
        }
    }

    abstract static class Holder {
        PrintStream out = System.out;
        PrintStream err = System.err;
    }

    @Command(name = "timeline", mixinStandardHelpOptions = true,
            description = "Shows one conversation across every topic, in time order: the raw event as Meta sent it, "
                    + "its classification, the decision with owner and epoch, and what was sent, refused or failed, "
                    + "and why.")
    static final class TimelineCommand extends Holder implements Callable<Integer> {

        @Mixin
        KafkaOptions kafka;

        @Mixin
        ConversationOptions conversation;

        @Option(names = "--namespace", paramLabel = "NAME",
                description = "Read a replay's topics (<NAME>.<topic>) instead of the production ones.")
        String namespace;

        @Option(names = "--json", description = "One JSON object per record (JSON Lines) instead of text.")
        boolean json;

        @Option(names = "--show-text", description = "Show the user's message text (hidden by default).")
        boolean showText;

        @Option(names = "--handover-url", paramLabel = "URL",
                description = "handover-service, to add the conversation's bulletin steps it keeps (held, queued, "
                        + "sent or dropped with the reason) from its admin API (admin token in $REPLAY_ADMIN_TOKEN).")
        URI handoverUrl;

        @Override
        public Integer call() {
            long started = System.nanoTime();
            String prefix = namespace == null ? "" : ReplayCommand.validNamespace(namespace) + ".";
            Timeline timeline;
            TimelineQuery query = conversation.query(prefix, Instant.now());
            try (TimelineReader reader = new TimelineReader(kafka.clientConfig(), showText)) {
                timeline = reader.read(query);
            }
            if (handoverUrl != null) {
                try {
                    timeline = timeline.with(BulletinSteps.read(handoverUrl, System.getenv("REPLAY_ADMIN_TOKEN"),
                            query), List.of());
                } catch (IllegalStateException e) {
                    timeline = timeline.with(List.of(), List.of("bulletin steps not read: " + e.getMessage()));
                }
            }
            if (json) {
                TimelineText.printJson(timeline, out);
            } else {
                TimelineText.print(timeline, out);
                out.printf("%d records, %d read to find them, in %d ms%n", timeline.entries().size(),
                        timeline.scanned(), (System.nanoTime() - started) / 1_000_000);
            }
            return 0;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Runs the conversation's raw events again through routing-, handover- and bot-service in "
                    + "shadow mode (own topics, consumer groups and database; nothing reaches Meta) and shows what "
                    + "today's code decides next to what happened, differences marked.")
    static final class ReplayCommand extends Holder implements Callable<Integer> {

        private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(ZoneOffset.UTC);

        @Mixin
        KafkaOptions kafka;

        @Mixin
        ConversationOptions conversation;

        @Option(names = "--namespace", paramLabel = "NAME",
                description = "The replay's topic namespace (default: replay-<UTC time>). Its topics and consumer "
                        + "groups are <NAME>.<name>; it must not exist yet.")
        String namespace;

        @Option(names = "--into-production",
                description = "Write the slice into the production raw topic instead, for the production services to "
                        + "process again (their dedupe absorbs what they have seen). No comparison.")
        boolean intoProduction;

        @Option(names = "--handover", paramLabel = "as-recorded|on|off", defaultValue = "as-recorded",
                converter = HandoverConverter.class,
                description = "Handover in the replay: as the page's settings say, or forced on or off. "
                        + "Default: ${DEFAULT-VALUE}.")
        HandoverSwitch handover;

        @Option(names = "--settings", paramLabel = "FILE",
                description = "The page's settings to replay with: the JSON of GET /admin/pages/{pageId}/settings, "
                        + "edited as you like.")
        Path settings;

        @Option(names = "--catalog", paramLabel = "FILE",
                description = "The page's catalog to replay with: bot-service's /admin/catalogs/{pageId} JSON.")
        Path catalog;

        @Option(names = "--handover-url", paramLabel = "URL",
                description = "Production handover-service, to copy the page's settings from (admin token in "
                        + "$REPLAY_ADMIN_TOKEN).")
        URI handoverUrl;

        @Option(names = "--bot-url", paramLabel = "URL",
                description = "Production bot-service, to copy the page's catalog from (admin token in "
                        + "$REPLAY_ADMIN_TOKEN).")
        URI botUrl;

        @Option(names = "--app-id", paramLabel = "APP_ID",
                description = "Our Facebook app id, as production runs it (default: $MESSENGER_APP_ID).")
        String appId;

        @Option(names = "--database-url", paramLabel = "JDBC_URL",
                description = "A PostgreSQL database for this replay only (user and password in "
                        + "$REPLAY_DATABASE_USERNAME, $REPLAY_DATABASE_PASSWORD). Default: a throwaway embedded one.")
        String databaseUrl;

        @Option(names = "--work-dir", paramLabel = "DIR",
                description = "Where the shadow services' logs and the throwaway database go "
                        + "(default: <tmp>/handover-replay/<namespace>).")
        Path workDir;

        @Option(names = "--settle-ms", paramLabel = "MS", defaultValue = "1000",
                description = "How long the shadow services must be quiet, once they processed every record of "
                        + "the conversation, before the next event is fed. Default: ${DEFAULT-VALUE}.")
        long settleMillis;

        @Option(names = "--replication-factor", paramLabel = "N", defaultValue = "-1",
                description = "Replication factor of the replay's topics; -1 takes the cluster's default. "
                        + "Default: ${DEFAULT-VALUE}.")
        short replicationFactor;

        @Option(names = "--keep", description = "Keep the replay's topics and consumer groups (to look at them with "
                + "'timeline --namespace'); removed otherwise.")
        boolean keep;

        @Option(names = "--repo-root", paramLabel = "DIR",
                description = "The repository whose built service jars run the replay (set by the script).")
        Path repoRoot;

        @Option(names = "--json", description = "The comparison as JSON instead of text.")
        boolean json;

        @Option(names = "--show-text", description = "Show the user's message text (hidden by default).")
        boolean showText;

        @Override
        public Integer call() {
            Instant now = Instant.now();
            String name = namespace != null ? validNamespace(namespace) : "replay-" + STAMP.format(now);
            String app = appId != null ? appId : System.getenv("MESSENGER_APP_ID");
            if (!intoProduction && (app == null || !app.matches("[0-9]{1,20}"))) {
                throw new IllegalArgumentException("--app-id (or $MESSENGER_APP_ID): our app id, as production runs "
                        + "it, is needed to judge thread-control signals");
            }
            Path root = repoRoot != null ? repoRoot
                    : Path.of(System.getProperty("replay.root", ".")).toAbsolutePath().normalize();
            Path dir = workDir != null ? workDir
                    : Path.of(System.getProperty("java.io.tmpdir"), "handover-replay", name);
            ExternalDatabase database = databaseUrl == null ? null : new ExternalDatabase(databaseUrl,
                    envOr("REPLAY_DATABASE_USERNAME", "postgres"), envOr("REPLAY_DATABASE_PASSWORD", ""));
            ReplayOptions options = new ReplayOptions(conversation.query("", now), kafka.clientConfig(), name,
                    intoProduction, handover, settings, catalog, handoverUrl, botUrl, System.getenv("REPLAY_ADMIN_TOKEN"),
                    app, root, dir, database, Duration.ofMillis(settleMillis), keep, replicationFactor, showText);
            Replay replay = new Replay(options, out, new Progress(err));
            if (intoProduction) {
                int written = replay.intoProduction();
                out.printf("Wrote %d raw events of %s into the production topic; the production services process "
                        + "them again (duplicates are absorbed by their dedupe).%n", written,
                        options.query().key());
                return 0;
            }
            Replay.Result result = replay.run();
            if (json) {
                ReplayReport.printJson(result, out);
            } else {
                ReplayReport.print(result, out);
                out.println("Shadow services' logs: " + dir);
            }
            return result.sentInShadow() > 0 ? SENT_IN_SHADOW : 0;
        }

        static String validNamespace(String name) {
            if (!name.matches("[a-zA-Z0-9._-]+")) {
                throw new IllegalArgumentException("--namespace " + name + ": use letters, digits, '.', '_' and '-'");
            }
            return name;
        }

        private static String envOr(String name, String fallback) {
            String value = System.getenv(name);
            return value == null ? fallback : value;
        }
    }

    /** {@code as-recorded}, {@code on}, {@code off}. */
    static final class HandoverConverter implements CommandLine.ITypeConverter<HandoverSwitch> {
        @Override
        public HandoverSwitch convert(String value) {
            return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "as-recorded" -> HandoverSwitch.AS_RECORDED;
                case "on" -> HandoverSwitch.ON;
                case "off" -> HandoverSwitch.OFF;
                default -> throw new CommandLine.TypeConversionException(
                        "'" + value + "': use as-recorded, on or off");
            };
        }
    }
}
