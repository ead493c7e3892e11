package org.handover.emulator;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator as a small server: {@code java -cp ... org.handover.emulator.EmulatorMain [world.json]}.
 * {@code EMULATOR_PORT} (default 8090) and {@code EMULATOR_BIND} (default loopback) say where it listens; the world
 * file (or {@code EMULATOR_WORLD}) gives the apps and pages, which can also be loaded later with
 * {@code PUT /_emulator/world}. {@code EMULATOR_SEND_LATENCY_MS}, {@code EMULATOR_SEND_JITTER_MS},
 * {@code EMULATOR_GRAPH_LATENCY_MS} and {@code EMULATOR_GRAPH_JITTER_MS} set Meta's latency ({@link ApiLatency}).
 * The local stack does not need this: it runs the emulator inside its own process.
 */
public final class EmulatorMain {

    private EmulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(env("EMULATOR_PORT", "8090"));
        String bind = System.getenv("EMULATOR_BIND");
        String world = args.length > 0 ? args[0] : System.getenv("EMULATOR_WORLD");
        MessengerEmulator emulator = MessengerEmulator.create();
        emulator.latency().configure(System.getenv());
        if (world != null && !world.isBlank()) {
            emulator.load(EmulatorServer.JSON.readValue(Files.readAllBytes(Path.of(world)), EmulatorWorld.class));
        }
        InetAddress address = bind == null || bind.isBlank() ? InetAddress.getLoopbackAddress()
                : InetAddress.getByName(bind);
        emulator.start(new InetSocketAddress(address, port));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "emulator-shutdown"));
        System.out.println("Messenger Platform emulator: Graph API and control API at " + emulator.baseUrl()
                + " (control API under /_emulator/)");
        stopped.await();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
