package org.handover.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The lines a service wrote to its log from a moment on: {@link #mark} before, {@link #since} after. A service's log
 * is appended to across its restarts, so a mark stays valid.
 */
final class LogLines {

    private LogLines() {
    }

    /** Where {@code log} ends now. */
    static long mark(Path log) {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines written to {@code log} after {@code mark}. */
    static List<String> since(Path log, long mark) {
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size <= mark) {
                return List.of();
            }
            ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(size - mark));
            while (buffer.hasRemaining() && channel.read(buffer, mark + buffer.position()) >= 0) {
                // reads until the buffer is full
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
