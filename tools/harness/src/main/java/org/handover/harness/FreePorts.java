package org.handover.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Free TCP ports on this machine, several at once and all different. */
public final class FreePorts {

    private FreePorts() {
    }

    /** Returns {@code count} distinct ports that were free a moment ago (all held open together while choosing). */
    public static int[] pick(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                socket.setReuseAddress(true);
                sockets.add(socket);
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free ports", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a socket we only used to learn its port
                }
            }
        }
    }

    /** One free port for each of {@code names}, all different, in the order of {@code names}. */
    public static Map<String, Integer> pick(Collection<String> names) {
        int[] ports = pick(names.size());
        Map<String, Integer> result = new LinkedHashMap<>();
        int i = 0;
        for (String name : names) {
            result.put(name, ports[i++]);
        }
        return result;
    }

    /** Whether something could listen on {@code port} now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // TIME_WAIT leftovers of a previous run do not block a new listener; only a live one does
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
