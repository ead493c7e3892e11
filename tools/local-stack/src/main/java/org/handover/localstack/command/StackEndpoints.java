package org.handover.localstack.command;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.handover.harness.LocalDefaults;
import org.handover.harness.ServiceDefinition;
import org.handover.harness.Services;
import org.handover.localstack.component.Components;
import org.handover.localstack.config.ConfigException;
import org.handover.localstack.config.StackConfig;
import org.handover.localstack.state.ProcessRecord;
import org.handover.localstack.state.StackState;
import org.handover.localstack.state.StateFolder;

/**
 * Where {@code stack demo} and {@code stack chat} find a running stack: the state file of the launcher running from
 * the state folder says where its emulator and handover-service listen; without one (a stack from another checkout,
 * an emulator run elsewhere) {@code EMULATOR_PORT} and {@code HANDOVER_PORT} say it, with their defaults.
 *
 * @param emulator   the emulator's base URL (its control API is under {@code /_emulator/})
 * @param handover   handover-service's base URL (its admin API tells the page's settings)
 * @param adminToken handover-service's admin token ({@code ADMIN_TOKEN}, from the environment or its env file), or
 *                   {@code null}
 * @param fromState  whether the URLs come from a running launcher's state file
 * @param withoutEmulator the state folder of a running stack that runs no emulator ({@code LOCAL_EMULATOR=off}, or
 *                   {@code MESSENGER_GRAPH_BASE_URL} set), or {@code null}
 */
public record StackEndpoints(URI emulator, URI handover, String adminToken, boolean fromState, Path withoutEmulator) {

    /**
     * Why {@code demo} and {@code chat} cannot work here, when a running stack is known to have no emulator; they
     * say so rather than that nothing answers.
     */
    public Optional<String> noEmulatorReason() {
        return Optional.ofNullable(withoutEmulator).map(dir -> "The local stack running from " + dir
                + " has no emulator (it was started with LOCAL_EMULATOR=off or MESSENGER_GRAPH_BASE_URL set), and "
                + "demo and chat play Meta through it. Stop it and run `tools/local-stack/stack up` without them.");
    }


    /** Finds the endpoints of the stack recorded in the state folder, or else of the configured ports. */
    public static StackEndpoints find(Path repoRoot, Map<String, String> env) {
        Path stateDir = StackConfig.stateDir(repoRoot, env);
        Optional<StackState> running = new StateFolder(stateDir).readState()
                .filter(state -> state.launcher().findAlive().isPresent());
        String token = LocalDefaults.effective(repoRoot, Components.HANDOVER, env, StackRun.ADMIN_TOKEN_ENV);
        ServiceDefinition handover = Services.ALL.stream()
                .filter(s -> s.name().equals(Components.HANDOVER)).findFirst().orElseThrow();
        URI emulator = running.map(StackState::emulatorUrl).map(URI::create)
                .orElseGet(() -> URI.create("http://127.0.0.1:" + port(env, Components.EMULATOR_PORT_ENV,
                        Components.EMULATOR_DEFAULT_PORT)));
        URI handoverUrl = URI.create("http://localhost:" + running.flatMap(s -> s.process(Components.HANDOVER))
                .map(ProcessRecord::port).filter(p -> p > 0)
                .orElseGet(() -> port(env, handover.portEnv(), handover.defaultPort())));
        boolean withEmulator = running.isPresent() && running.get().emulatorUrl() != null;
        // a stack that is still starting may not have reached its emulator yet: only a running one says it has none
        boolean withoutEmulator = running.isPresent() && !withEmulator
                && StackState.RUNNING.equals(running.get().phase());
        return new StackEndpoints(emulator, handoverUrl, token, withEmulator, withoutEmulator ? stateDir : null);
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a number, not '" + value
                    + "'");
        }
    }
}
