package org.handover.localstack.command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;
import org.handover.emulator.TranscriptLine;
import org.handover.harness.Waits;
import org.handover.localstack.client.EmulatorClient;
import org.handover.localstack.client.EmulatorClient.EmulatorException;

/**
 * {@code stack chat [psid]}: a person plays the user (and, with commands, the Page Inbox agent) against a running
 * stack, through the emulator's control API. Lines are read from an input stream, so that a script can be piped in
 * as well as typed; after each action the new lines of the conversation are printed as they arrive.
 */
public final class ChatCommand {

    /** How long to wait for answers after an action, at most. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(8);
    /**
     * How long the conversation must stay quiet, after the action or its latest new line, for the answers to count
     * as complete (a line that comes later is printed after the next action).
     */
    public static final Duration DEFAULT_QUIET = Duration.ofSeconds(3);

    private static final Duration POLL = Duration.ofMillis(200);

    private final EmulatorClient emulator;
    private final String pageId;
    private final String psid;
    private final BufferedReader in;
    private final PrintStream out;
    private final Duration maxWait;
    private final Duration quiet;
    private int seen;

    /**
     * @param emulator the running emulator
     * @param pageId   the page the user writes to
     * @param psid     the user
     * @param in       the typed (or piped) lines
     * @param out      where the conversation is printed
     * @param maxWait  how long to wait for answers after an action, at most
     * @param quiet    how long without a new line ends the wait early
     */
    public ChatCommand(EmulatorClient emulator, String pageId, String psid, BufferedReader in, PrintStream out,
            Duration maxWait, Duration quiet) {
        this.emulator = emulator;
        this.pageId = pageId;
        this.psid = psid;
        this.in = in;
        this.out = out;
        this.maxWait = maxWait;
        this.quiet = quiet;
    }

    /** Runs until {@code /quit} or the end of the input; 0, or 1 when no emulator answers. */
    public int run() {
        if (!emulator.isUp()) {
            out.println("No Messenger emulator answers at " + emulator.baseUrl() + ". Start the stack first "
                    + "(`tools/local-stack/stack up`); a stack elsewhere: set EMULATOR_PORT.");
            return 1;
        }
        try {
            seen = emulator.transcript(pageId, psid).size();
        } catch (EmulatorException e) {
            out.println("!! " + e.getMessage());
            return 1;
        }
        out.println("Chatting as user " + psid + " with page " + pageId + " (emulator " + emulator.baseUrl() + ")"
                + (seen > 0 ? "; " + seen + " earlier lines, /transcript shows them" : "")
                + ". /help lists the commands, /quit leaves.");
        while (true) {
            String line;
            try {
                line = in.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (line == null) {
                return 0;
            }
            ChatInput input = ChatInput.parse(line);
            if (input instanceof ChatInput.Quit) {
                return 0;
            }
            try {
                if (act(input)) {
                    printNewLines();
                }
            } catch (EmulatorException e) {
                out.println("!! " + e.getMessage());
            }
        }
    }

    /** Does what the line says; true when it may change the conversation (then new lines are awaited). */
    private boolean act(ChatInput input) {
        if (input instanceof ChatInput.Say say) {
            emulator.says(pageId, psid, say.text());
        } else if (input instanceof ChatInput.Tap tap) {
            emulator.taps(pageId, psid, tap.title());
        } else if (input instanceof ChatInput.Postback postback) {
            emulator.postback(pageId, psid, postback.payload(), postback.payload());
        } else if (input instanceof ChatInput.Sticker) {
            emulator.sticker(pageId, psid);
        } else if (input instanceof ChatInput.AgentReply reply) {
            emulator.agentReplies(pageId, psid, reply.text());
        } else if (input instanceof ChatInput.Done) {
            emulator.agentMarksDone(pageId, psid);
        } else if (input instanceof ChatInput.Inbox) {
            emulator.agentMovesToInbox(pageId, psid);
        } else {
            show(input);
            return false;
        }
        return true;
    }

    /** The inputs that only show something. */
    private void show(ChatInput input) {
        if (input instanceof ChatInput.Click click) {
            com.fasterxml.jackson.databind.JsonNode opened = emulator.clicks(pageId, psid, click.index());
            int status = opened.path("status").asInt();
            out.println("   ~~ opened " + opened.path("link").asText() + ": " + (status == 0 ? "unreachable"
                    : status + (opened.hasNonNull("location") ? ", led to " + opened.path("landedOn").asText()
                            : "")));
        } else if (input instanceof ChatInput.Owner) {
            printOwner();
        } else if (input instanceof ChatInput.Transcript) {
            List<TranscriptLine> lines = emulator.transcript(pageId, psid);
            lines.forEach(line -> out.println(line.render()));
            seen = lines.size();
        } else if (input instanceof ChatInput.Help) {
            out.println(ChatInput.HELP);
        } else if (input instanceof ChatInput.Invalid invalid) {
            out.println("!! " + invalid.problem());
        }
    }

    private void printOwner() {
        String owner = emulator.owners(pageId).get(psid);
        String name = owner == null ? null : emulator.appNames().getOrDefault(owner, owner);
        out.println("   ~~ thread owner: " + (owner == null ? "nobody (the thread is idle)" : name + " (" + owner
                + ")"));
    }

    /**
     * Prints the lines that arrive, until none came for {@link #quiet} (since the action, or since the latest new
     * line), or {@link #maxWait} is over.
     */
    private void printNewLines() {
        try {
            Waits.atMost(maxWait, POLL).during(quiet).until(() -> printArrived() == 0);
        } catch (ConditionTimeoutException e) {
            // maxWait is over before the conversation went quiet: what comes later is printed after the next action
        }
    }

    /** Prints the lines that arrived since the last look; how many. */
    private int printArrived() {
        List<TranscriptLine> lines = emulator.transcript(pageId, psid);
        int arrived = lines.size() - seen;
        if (arrived > 0) {
            for (TranscriptLine line : lines.subList(seen, lines.size())) {
                out.println(line.render());
            }
            seen = lines.size();
        }
        return Math.max(arrived, 0);
    }
}
