package org.handover.localstack.logging;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Small helpers for the per-component log files. */
public final class LogFiles {

    // Enough for 30 lines of Quarkus stack trace; a log can be large, so only its end is read.
    private static final int TAIL_BYTES = 64 * 1024;

    private static final Pattern ERROR_LINE = Pattern.compile("^\\S+ +ERROR ");

    private LogFiles() {
    }

    /**
     * Moves {@code log} aside to {@code <name>.previous.log}, so that each start writes a fresh log while the one of
     * the previous run (often the one that explains a crash) is still there to read.
     */
    public static void rotate(Path log) {
        if (!Files.exists(log)) {
            return;
        }
        String name = log.getFileName().toString();
        String base = name.endsWith(".log") ? name.substring(0, name.length() - 4) : name;
        try {
            Files.move(log, log.resolveSibling(base + ".previous.log"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rotate " + log, e);
        }
    }

    /** The last {@code lines} lines of a log file (fewer if it is shorter, none if it does not exist). */
    public static List<String> tail(Path log, int lines) {
        List<String> all = end(log);
        return List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** The last line logged at ERROR level (Quarkus format) near the end of a log file, if any. */
    public static Optional<String> lastError(Path log) {
        List<String> all = end(log);
        for (int i = all.size() - 1; i >= 0; i--) {
            if (ERROR_LINE.matcher(all.get(i)).find()) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    private static List<String> end(Path log) {
        if (!Files.exists(log)) {
            return List.of();
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            long start = Math.max(0, length - TAIL_BYTES);
            byte[] bytes = new byte[(int) (length - start)];
            file.seek(start);
            file.readFully(bytes);
            List<String> all = new ArrayList<>(Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R")));
            if (start > 0 && !all.isEmpty()) {
                all.remove(0); // most likely cut in the middle
            }
            return all;
        } catch (IOException e) {
            return List.of("(cannot read " + log + ": " + e.getMessage() + ")");
        }
    }
}
