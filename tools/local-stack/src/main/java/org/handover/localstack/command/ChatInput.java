package org.handover.localstack.command;

import java.util.Locale;

/**
 * One line typed into {@code stack chat}: plain text is what the user writes; a line starting with {@code /} is a
 * command. Parsing is separate from acting so that every command's syntax is tested without an emulator.
 */
public sealed interface ChatInput {

    /** What {@code /help} prints. */
    String HELP = """
            Type a line to write it as the user. Commands:
              /tap <title>         tap a quick reply the page offered (by its title)
              /postback <PAYLOAD>  press a button with that payload (GET_STARTED, OPENING_HOURS, DELIVERY, RETURNS)
              /sticker             send a thumbs-up sticker
              /click [n]           open the n-th link the page sent (a bulletin's or guided answer's tracked
                                   link; default the newest) and say where it led
              /agent <text>        the Page Inbox agent replies
              /done                the agent marks the conversation done (the thread goes back to the bot)
              /inbox               the agent moves the conversation into the Inbox (request_thread_control)
              /owner               which app owns the thread now
              /transcript          the whole conversation so far
              /help                this list
              /quit                leave (end of input does too)""";

    /** The user writes {@code text}. */
    record Say(String text) implements ChatInput {
    }

    /** The user taps the quick reply titled {@code title}. */
    record Tap(String title) implements ChatInput {
    }

    /** The user presses a button with {@code payload}. */
    record Postback(String payload) implements ChatInput {
    }

    /** The user sends a sticker. */
    record Sticker() implements ChatInput {
    }

    /** The user opens a link the page sent: {@code index} from 0, or negative from the newest (-1). */
    record Click(int index) implements ChatInput {
    }

    /** The agent replies {@code text} from the Page Inbox. */
    record AgentReply(String text) implements ChatInput {
    }

    /** The agent marks the conversation done. */
    record Done() implements ChatInput {
    }

    /** The agent moves the conversation into the Inbox. */
    record Inbox() implements ChatInput {
    }

    /** Shows the thread's owner. */
    record Owner() implements ChatInput {
    }

    /** Shows the whole transcript. */
    record Transcript() implements ChatInput {
    }

    /** Shows the commands. */
    record Help() implements ChatInput {
    }

    /** Leaves the chat. */
    record Quit() implements ChatInput {
    }

    /** An empty line: nothing to do. */
    record Nothing() implements ChatInput {
    }

    /** A line that is not a valid command; {@code problem} says why, for the person typing. */
    record Invalid(String problem) implements ChatInput {
    }

    /** Parses one typed line. */
    static ChatInput parse(String line) {
        String trimmed = line == null ? "" : line.strip();
        if (trimmed.isEmpty()) {
            return new Nothing();
        }
        if (!trimmed.startsWith("/")) {
            return new Say(trimmed);
        }
        int space = trimmed.indexOf(' ');
        String command = (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT);
        String argument = space < 0 ? "" : trimmed.substring(space + 1).strip();
        return switch (command) {
            case "/tap" -> argument.isEmpty() ? new Invalid("/tap needs the title of a quick reply, e.g. /tap Delivery")
                    : new Tap(argument);
            case "/postback" -> argument.isEmpty() || argument.contains(" ")
                    ? new Invalid("/postback needs one payload, e.g. /postback GET_STARTED") : new Postback(argument);
            case "/agent" -> argument.isEmpty() ? new Invalid("/agent needs the text of the agent's reply")
                    : new AgentReply(argument);
            case "/sticker" -> noArgument(argument, new Sticker());
            case "/click" -> click(argument);
            case "/done" -> noArgument(argument, new Done());
            case "/inbox" -> noArgument(argument, new Inbox());
            case "/owner" -> noArgument(argument, new Owner());
            case "/transcript" -> noArgument(argument, new Transcript());
            case "/help", "/?" -> new Help();
            case "/quit", "/exit" -> new Quit();
            default -> new Invalid("Unknown command " + command + "; /help lists the commands");
        };
    }

    private static ChatInput click(String argument) {
        if (argument.isEmpty()) {
            return new Click(-1);
        }
        try {
            int n = Integer.parseInt(argument);
            if (n >= 1) {
                return new Click(n - 1);
            }
        } catch (NumberFormatException notANumber) {
            // the answer below
        }
        return new Invalid("/click takes the number of a link (1 is the first the page sent), e.g. /click 2");
    }

    private static ChatInput noArgument(String argument, ChatInput input) {
        if (argument.isEmpty()) {
            return input;
        }
        String name = input.getClass().getSimpleName().toLowerCase(Locale.ROOT);
        return new Invalid("/" + name + " takes nothing after it");
    }
}
