package org.handover.localstack.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.handover.harness.ExternalDatabase;
import org.handover.harness.ServiceDefinition;
import org.handover.harness.Services;
import org.handover.localstack.component.Components;

/**
 * Everything the local stack needs to know, resolved once from the environment and the command line so that the
 * rest of the code (and the test, which builds one directly) never reads the environment itself.
 *
 * @param repoRoot            root of the checkout: service jars are found and run from here
 * @param stateDir            the one folder holding all state (Kafka logs, PostgreSQL data, logs, state file)
 * @param wipe                delete {@code stateDir} before starting
 * @param externalKafka       bootstrap servers of a broker to use instead of the embedded one, or {@code null}
 * @param kafkaPort           client port of the embedded broker
 * @param kafkaControllerPort KRaft controller port of the embedded broker
 * @param externalDatabase    a database to use instead of the embedded one, or {@code null}
 * @param postgresPort        port of the embedded PostgreSQL
 * @param services            the services to start, in order (normally {@link Services#ALL})
 * @param servicePorts        HTTP port of each service, by name
 * @param readyTimeout        how long every service together may take to become ready
 * @param emulatorPort        port of the Messenger Platform emulator run inside the launcher, or 0 when the stack
 *                            runs none ({@link #emulatorOffReason} says why)
 * @param graphBaseUrl        the Graph API the services call when the stack runs no emulator
 *                            ({@value #GRAPH_BASE_URL_ENV} from the environment), or {@code null}: the emulator, or
 *                            the services' default (the real Graph API)
 * @param except              the service the stack leaves out ({@value #EXCEPT_OPTION}), to be run with
 *                            {@code ./mvnw quarkus:dev} against the stack on its usual port, or {@code null}
 */
public record StackConfig(
        Path repoRoot,
        Path stateDir,
        boolean wipe,
        String externalKafka,
        int kafkaPort,
        int kafkaControllerPort,
        ExternalDatabase externalDatabase,
        int postgresPort,
        List<ServiceDefinition> services,
        Map<String, Integer> servicePorts,
        Duration readyTimeout,
        int emulatorPort,
        String graphBaseUrl,
        ServiceDefinition except) {

    /** Overrides where the state folder is (relative paths are resolved against the repository root). */
    public static final String STATE_DIR_ENV = "LOCAL_STACK_DIR";
    /** Default state folder, relative to the repository root (git-ignored). */
    public static final String DEFAULT_STATE_DIR = ".local-stack";
    public static final String KAFKA_BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String KAFKA_PORT_ENV = "LOCAL_KAFKA_PORT";
    public static final String KAFKA_CONTROLLER_PORT_ENV = "LOCAL_KAFKA_CONTROLLER_PORT";
    public static final String JDBC_URL_ENV = "DATABASE_JDBC_URL";
    public static final String JDBC_USERNAME_ENV = "DATABASE_USERNAME";
    public static final String JDBC_PASSWORD_ENV = "DATABASE_PASSWORD";
    public static final String POSTGRES_PORT_ENV = "LOCAL_POSTGRES_PORT";
    public static final String READY_TIMEOUT_ENV = "LOCAL_STACK_READY_TIMEOUT_SECONDS";
    /** {@code off}: run no emulator (the services then call the real Graph API, or {@value #GRAPH_BASE_URL_ENV}). */
    public static final String EMULATOR_SWITCH_ENV = "LOCAL_EMULATOR";
    /** The services' Graph API; set in the launcher's environment, it replaces the emulator. */
    public static final String GRAPH_BASE_URL_ENV = "MESSENGER_GRAPH_BASE_URL";

    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_POSTGRES_PORT = 5432;
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(120);

    /** Command-line option: delete the state folder first. */
    public static final String WIPE_OPTION = "--wipe";
    /** Command-line option handled by the {@code stack} script (skip the Maven build); accepted and ignored here. */
    public static final String NO_BUILD_OPTION = "--no-build";
    /** Command-line option: leave the named service out, to run it in dev mode against the stack. */
    public static final String EXCEPT_OPTION = "--except";

    public StackConfig {
        Objects.requireNonNull(repoRoot, "repoRoot");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(readyTimeout, "readyTimeout");
        services = List.copyOf(services);
        servicePorts = Collections.unmodifiableMap(new LinkedHashMap<>(servicePorts));
        for (ServiceDefinition service : services) {
            if (!servicePorts.containsKey(service.name())) {
                throw new ConfigException("no port for " + service.name());
            }
        }
        if (except != null && services.contains(except)) {
            throw new ConfigException(except.name() + " is left out (" + EXCEPT_OPTION + ") and started at once");
        }
        if (emulatorPort < 0 || emulatorPort > 65535) {
            throw new ConfigException("emulator port out of range: " + emulatorPort);
        }
        checkDistinctPorts(externalKafka, kafkaPort, kafkaControllerPort, externalDatabase, postgresPort, services,
                servicePorts, emulatorPort);
    }

    /**
     * Reads the configuration from environment variables and {@code up} options.
     *
     * @param repoRoot root of the checkout
     * @param env      the environment ({@link System#getenv()}, or a map in tests)
     * @param options  command-line options after the command ({@value #WIPE_OPTION}, {@value #NO_BUILD_OPTION})
     * @throws ConfigException when a value is malformed or an option unknown
     */
    public static StackConfig fromEnvironment(Path repoRoot, Map<String, String> env, List<String> options) {
        boolean wipe = false;
        ServiceDefinition except = null;
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            switch (option) {
                case WIPE_OPTION -> wipe = true;
                case NO_BUILD_OPTION -> {
                    // the script already decided whether to build
                }
                case EXCEPT_OPTION -> {
                    if (i + 1 >= options.size()) {
                        throw new ConfigException(EXCEPT_OPTION + " needs a service name: " + serviceNames());
                    }
                    if (except != null) {
                        throw new ConfigException(EXCEPT_OPTION + " leaves out one service only");
                    }
                    except = service(options.get(++i));
                }
                default -> throw new ConfigException("unknown option " + option);
            }
        }
        Path root = repoRoot.toAbsolutePath().normalize();
        Path stateDir = stateDir(root, env);
        int kafkaPort = port(env, KAFKA_PORT_ENV, DEFAULT_KAFKA_PORT);
        int controllerPort = port(env, KAFKA_CONTROLLER_PORT_ENV, kafkaPort + 1);
        String jdbcUrl = value(env, JDBC_URL_ENV, null);
        ExternalDatabase database = jdbcUrl == null ? null
                : new ExternalDatabase(jdbcUrl, value(env, JDBC_USERNAME_ENV, "postgres"),
                        env.getOrDefault(JDBC_PASSWORD_ENV, ""));
        Map<String, Integer> servicePorts = new LinkedHashMap<>();
        for (ServiceDefinition service : Services.ALL) {
            servicePorts.put(service.name(), port(env, service.portEnv(), service.defaultPort()));
        }
        String graphBaseUrl = value(env, GRAPH_BASE_URL_ENV, null);
        // the emulator's port is only read (and checked) when there is an emulator
        boolean emulator = emulatorWanted(env) && graphBaseUrl == null;
        int emulatorPort = emulator ? port(env, Components.EMULATOR_PORT_ENV, Components.EMULATOR_DEFAULT_PORT) : 0;
        ServiceDefinition left = except;
        List<ServiceDefinition> services = Services.ALL.stream().filter(s -> !s.equals(left)).toList();
        return new StackConfig(root, stateDir, wipe, value(env, KAFKA_BOOTSTRAP_ENV, null), kafkaPort,
                controllerPort, database, port(env, POSTGRES_PORT_ENV, DEFAULT_POSTGRES_PORT), services,
                servicePorts, Duration.ofSeconds(positive(env, READY_TIMEOUT_ENV, DEFAULT_READY_TIMEOUT.toSeconds())),
                emulatorPort, graphBaseUrl, except);
    }

    /** The service named {@code name}, one of {@link Services#ALL}. */
    public static ServiceDefinition service(String name) {
        return Services.ALL.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new ConfigException("no service named '" + name + "': " + serviceNames()));
    }

    private static String serviceNames() {
        return "one of " + String.join(", ", Services.ALL.stream().map(ServiceDefinition::name).toList());
    }

    /** Whether {@code service} is one the stack runs (not left out with {@value #EXCEPT_OPTION}). */
    public boolean runs(String service) {
        return services.stream().anyMatch(s -> s.name().equals(service));
    }

    private static boolean emulatorWanted(Map<String, String> env) {
        String value = value(env, EMULATOR_SWITCH_ENV, "on");
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new ConfigException(EMULATOR_SWITCH_ENV + " must be on or off, not '" + value + "'");
        };
    }

    /** The state folder named by the environment, without reading (or validating) the rest of it. */
    public static Path stateDir(Path repoRoot, Map<String, String> env) {
        Path root = repoRoot.toAbsolutePath().normalize();
        return root.resolve(value(env, STATE_DIR_ENV, DEFAULT_STATE_DIR)).normalize();
    }

    /** Whether the stack runs its own broker (no {@value #KAFKA_BOOTSTRAP_ENV} given). */
    public boolean embeddedKafka() {
        return externalKafka == null;
    }

    /** Whether the stack runs its own PostgreSQL (no {@value #JDBC_URL_ENV} given). */
    public boolean embeddedDatabase() {
        return externalDatabase == null;
    }

    /** Whether the launcher runs the Messenger Platform emulator (on {@link #emulatorPort}). */
    public boolean emulator() {
        return emulatorPort > 0;
    }

    /** Why the stack runs no emulator, in words for the summary; {@code null} when it runs one. */
    public String emulatorOffReason() {
        if (emulator()) {
            return null;
        }
        return graphBaseUrl != null
                ? GRAPH_BASE_URL_ENV + " is set: the services call " + graphBaseUrl
                : EMULATOR_SWITCH_ENV + "=off: the services call the real Graph API (their default)";
    }

    /** HTTP port of the named service. */
    public int port(String service) {
        Integer port = servicePorts.get(service);
        if (port == null) {
            throw new IllegalArgumentException("unknown service " + service);
        }
        return port;
    }

    /**
     * Every port this stack will listen on, with what listens there and the variable that moves it: checked before
     * anything starts, so that a busy port gives one clear line instead of a stack trace from deep inside a server.
     */
    public Map<Integer, String> listeningPorts() {
        Map<Integer, String> ports = new LinkedHashMap<>();
        if (emulator()) {
            ports.put(emulatorPort, "the Messenger emulator (" + Components.EMULATOR_PORT_ENV + ")");
        }
        if (embeddedKafka()) {
            ports.put(kafkaPort, "Kafka (" + KAFKA_PORT_ENV + ")");
            ports.put(kafkaControllerPort, "Kafka controller (" + KAFKA_CONTROLLER_PORT_ENV + ")");
        }
        if (embeddedDatabase()) {
            ports.put(postgresPort, "PostgreSQL (" + POSTGRES_PORT_ENV + ")");
        }
        for (ServiceDefinition service : services) {
            ports.put(servicePorts.get(service.name()), service.name() + " (" + service.portEnv() + ")");
        }
        return ports;
    }

    private static void checkDistinctPorts(String externalKafka, int kafkaPort, int controllerPort,
            ExternalDatabase database, int postgresPort, List<ServiceDefinition> services,
            Map<String, Integer> servicePorts, int emulatorPort) {
        Map<Integer, String> seen = new HashMap<>();
        List<String> clashes = new ArrayList<>();
        if (emulatorPort > 0) {
            claim(seen, clashes, emulatorPort, Components.EMULATOR_PORT_ENV);
        }
        if (externalKafka == null) {
            claim(seen, clashes, kafkaPort, KAFKA_PORT_ENV);
            claim(seen, clashes, controllerPort, KAFKA_CONTROLLER_PORT_ENV);
        }
        if (database == null) {
            claim(seen, clashes, postgresPort, POSTGRES_PORT_ENV);
        }
        for (ServiceDefinition service : services) {
            claim(seen, clashes, servicePorts.get(service.name()), service.portEnv());
        }
        if (!clashes.isEmpty()) {
            throw new ConfigException("the same port is configured twice: " + String.join(", ", clashes));
        }
    }

    private static void claim(Map<Integer, String> seen, List<String> clashes, int port, String owner) {
        String previous = seen.putIfAbsent(port, owner);
        if (previous != null) {
            clashes.add(port + " (" + previous + " and " + owner + ")");
        }
    }

    private static String value(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        long port = number(env, name, fallback);
        if (port < 1 || port > 65535) {
            throw new ConfigException(name + " must be a port number (1-65535), not " + port);
        }
        return (int) port;
    }

    private static long positive(Map<String, String> env, String name, long fallback) {
        long value = number(env, name, fallback);
        if (value < 1) {
            throw new ConfigException(name + " must be at least 1, not " + value);
        }
        return value;
    }

    private static long number(Map<String, String> env, String name, long fallback) {
        String value = value(env, name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a number, not '" + value + "'");
        }
    }
}
