package org.handover.replay.shadow;

import java.io.PrintStream;
import java.util.Locale;

/**
 * What a replay is doing while it waits, one line per step on stderr ({@code replay: [12.3 s] shadow
 * routing-service ready (1 of 3)}): the report itself stays on stdout. Silent without a stream.
 */
public final class Progress {

    private final PrintStream err;
    private final long start = System.nanoTime();

    /** Reports on {@code err}; {@code null}: reports nothing. */
    public Progress(PrintStream err) {
        this.err = err;
    }

    /** One line: the time since the replay began, then {@code format} with {@code args}. */
    public void say(String format, Object... args) {
        if (err == null) {
            return;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        err.println(String.format(Locale.ROOT, "replay: [%5.1f s] ", seconds)
                + String.format(Locale.ROOT, format, args));
    }
}
