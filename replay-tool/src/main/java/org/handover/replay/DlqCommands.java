package org.handover.replay;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.handover.replay.dlq.DeadLetter;
import org.handover.replay.dlq.DeadLetterReader;
import org.handover.replay.dlq.DeadLetterSelection;
import org.handover.replay.dlq.DeadLetterText;
import org.handover.replay.dlq.Redriver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code replay-tool/replay dlq list|show|redrive}: the dead-letter topics, and a way back from them. See the
 * module's README. Exit codes as the tool's: 0 done, 1 the tool could not do it or (show, redrive) no dead letter
 * matched, 2 wrong usage.
 */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "The dead-letter topics (<topic>.dlq): list them, show records (text hidden unless asked) and "
                + "re-drive them onto their source topic, by topic, time range or ids.",
        subcommands = {DlqCommands.ListCommand.class, DlqCommands.ShowCommand.class,
                DlqCommands.RedriveCommand.class})
final class DlqCommands implements Callable<Integer> {

    static final int NOTHING_MATCHED = 1;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "dlq needs a command: list, show or redrive");
    }

    /** What the three commands share: the cluster and the selection. */
    abstract static class Base extends ReplayTool.Holder {

        @Mixin
        KafkaOptions kafka;

        @Mixin
        DlqOptions dlq;

        @Spec
        CommandSpec spec;

        DeadLetterSelection selection() {
            try {
                return dlq.selection(Instant.now());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }

        void summary(String what, DeadLetterReader.Scan scan, long started) {
            out.printf("%s %d dead letters in %d topics (%d records read), in %d ms%n", what,
                    scan.selected().size(), scan.topics().size(), scan.scanned(),
                    (System.nanoTime() - started) / 1_000_000);
        }

        int nothingMatched() {
            spec.commandLine().getErr().println("replay: no dead letter matched the selection (dlq list shows what "
                    + "there is)");
            return NOTHING_MATCHED;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Per dead-letter topic, how many records it holds and how many are selected, then one line "
                    + "per selected record: when, where it came from, key, id and reason. Never the message.")
    static final class ListCommand extends Base implements Callable<Integer> {

        @Override
        public Integer call() {
            long started = System.nanoTime();
            DeadLetterSelection selection = selection();
            DeadLetterReader.Scan scan;
            try (DeadLetterReader reader = new DeadLetterReader(kafka.clientConfig())) {
                scan = reader.read(selection);
            }
            DeadLetterText.printList(scan, out);
            summary("Listed", scan, started);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "The selected dead letters in full: source, key, ids, reason, headers and value. The "
                    + "message text (and whatever a broken record holds besides ids and codes) is hidden unless "
                    + "--show-text.")
    static final class ShowCommand extends Base implements Callable<Integer> {

        @Option(names = "--show-text", description = "Show the value and the cause as they are (hidden by default).")
        boolean showText;

        @Option(names = "--json", description = "One JSON object per record (JSON Lines) instead of text.")
        boolean json;

        @Override
        public Integer call() {
            long started = System.nanoTime();
            DeadLetterSelection selection = selection();
            DeadLetterReader.Scan scan;
            try (DeadLetterReader reader = new DeadLetterReader(kafka.clientConfig())) {
                scan = reader.read(selection);
            }
            if (scan.selected().isEmpty()) {
                return nothingMatched();
            }
            if (json) {
                DeadLetterText.printJson(scan, showText, out);
            } else {
                DeadLetterText.printShow(scan, showText, out);
                summary("Showed", scan, started);
            }
            return 0;
        }
    }

    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = "Re-publishes the selected dead letters onto their source topic (same key, value and "
                    + "headers, without the dead-letter ones, plus " + Redriver.REDRIVEN_FROM_HEADER + "), acks=all, "
                    + "idempotent producer, one at a time in dead-letter order. Needs a selection (--topic all for "
                    + "every one). The consumers' dedupe makes a repeated re-drive harmless; see the README.")
    static final class RedriveCommand extends Base implements Callable<Integer> {

        @Option(names = "--dry-run", description = "Say what would be re-driven, and write nothing.")
        boolean dryRun;

        @Override
        public Integer call() {
            if (!dlq.anySelection()) {
                throw new ParameterException(spec.commandLine(), "redrive needs a selection: --topic (all for every "
                        + "dead-letter topic), --from/--to, --offset or --id");
            }
            long started = System.nanoTime();
            DeadLetterSelection selection = selection();
            try (DeadLetterReader reader = new DeadLetterReader(kafka.clientConfig())) {
                DeadLetterReader.Scan scan = reader.read(selection);
                List<DeadLetter> letters = scan.selected();
                if (letters.isEmpty()) {
                    return nothingMatched();
                }
                out.printf("%s %d dead letters onto their source topics%n", dryRun ? "Dry run: would re-drive"
                        : "Re-driving", letters.size());
                Redriver.Result result = new Redriver(kafka.clientConfig(), reader, out).redrive(letters, dryRun);
                String bySource = result.bySource().entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue()).sorted().collect(Collectors.joining(", "));
                out.printf("%s %d of %d dead letters%s, %d skipped%s, in %d ms%n",
                        dryRun ? "Dry run: would re-drive" : "Re-drove", result.redriven(), letters.size(),
                        bySource.isEmpty() ? "" : " (" + bySource + ")", result.skipped(),
                        dryRun ? "; nothing written" : "", (System.nanoTime() - started) / 1_000_000);
                if (result.failure() != null) {
                    spec.commandLine().getErr().println("replay: " + result.failure() + "; the re-drive stopped "
                            + "there (the ones before it were written)");
                    return 1;
                }
                return 0;
            }
        }
    }
}
