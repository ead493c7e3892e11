package org.handover.localstack;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Exit;
import org.handover.harness.LogRouting;
import org.handover.localstack.client.EmulatorClient;
import org.handover.localstack.client.HandoverAdminClient;
import org.handover.localstack.command.ChatCommand;
import org.handover.localstack.command.RestartCommand;
import org.handover.localstack.command.DemoCommand;
import org.handover.localstack.command.StackEndpoints;
import org.handover.localstack.command.StackException;
import org.handover.localstack.command.StackRun;
import org.handover.localstack.command.StatusCommand;
import org.handover.localstack.command.StopCommand;
import org.handover.localstack.component.LocalWorld;
import org.handover.localstack.config.ConfigException;
import org.handover.localstack.config.StackConfig;
import org.handover.localstack.state.StateFolder;

/**
 * The whole system on one machine with only a JDK: {@code up [--wipe] [--no-build] [--except <service>]},
 * {@code restart <service>}, {@code stop}, {@code status},
 * and, against a running stack, {@code demo} and {@code chat [psid]}. Run through {@code tools/local-stack/stack},
 * which builds first for {@code up} (unless {@code --no-build}).
 *
 * <p>{@code up} stays in the foreground until Ctrl-C (or {@code stop}, which sends SIGTERM); a shutdown hook then
 * stops everything it started.
 */
public final class LocalStack {

    /** System property naming the repository root; set by the {@code stack} script. */
    public static final String ROOT_PROPERTY = "local-stack.root";

    private static final int USAGE_ERROR = 2;
    // EX_SOFTWARE from sysexits.h
    private static final int KAFKA_FATAL = 70;

    private LocalStack() {
    }

    public static void main(String[] args) {
        int code = run(Arrays.asList(args), System.getenv());
        System.exit(code);
    }

    private static int run(List<String> args, Map<String, String> env) {
        if (args.isEmpty()) {
            printUsage();
            return USAGE_ERROR;
        }
        Path root = repositoryRoot();
        List<String> options = args.subList(1, args.size());
        try {
            return switch (args.get(0)) {
                case "up" -> up(StackConfig.fromEnvironment(root, env, options));
                case "stop" -> {
                    requireNoOptions(options);
                    yield new StopCommand(new StateFolder(StackConfig.stateDir(root, env)), System.out).run();
                }
                case "restart" -> {
                    if (options.size() != 1) {
                        throw new ConfigException("restart takes one service name");
                    }
                    String service = StackConfig.service(options.get(0)).name();
                    StackConfig config = StackConfig.fromEnvironment(root, env, List.of());
                    // the launcher's stop grace (15 s) and ready timeout, and a margin
                    Duration timeout = config.readyTimeout().plusSeconds(30);
                    yield new RestartCommand(new StateFolder(config.stateDir()), service, timeout, System.out).run();
                }
                case "status" -> {
                    requireNoOptions(options);
                    yield new StatusCommand(new StateFolder(StackConfig.stateDir(root, env)), System.out).run();
                }
                case "demo" -> {
                    requireNoOptions(options);
                    StackEndpoints stack = StackEndpoints.find(root, env);
                    if (stack.noEmulatorReason().isPresent()) {
                        System.err.println(stack.noEmulatorReason().get());
                        yield 1;
                    }
                    yield new DemoCommand(new EmulatorClient(stack.emulator()),
                            new HandoverAdminClient(stack.handover(), stack.adminToken()), LocalWorld.DEMO_PAGE_ID,
                            DemoCommand.STEP_TIMEOUT, System.out).run();
                }
                case "chat" -> {
                    if (options.size() > 1) {
                        throw new ConfigException("chat takes at most one user id (PSID)");
                    }
                    String psid = options.isEmpty() ? DemoCommand.newPsid() : options.get(0);
                    StackEndpoints stack = StackEndpoints.find(root, env);
                    if (stack.noEmulatorReason().isPresent()) {
                        System.err.println(stack.noEmulatorReason().get());
                        yield 1;
                    }
                    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                    yield new ChatCommand(new EmulatorClient(stack.emulator()), LocalWorld.DEMO_PAGE_ID, psid, in,
                            System.out, ChatCommand.DEFAULT_MAX_WAIT, ChatCommand.DEFAULT_QUIET).run();
                }
                case "help", "-h", "--help" -> {
                    printUsage();
                    yield 0;
                }
                default -> {
                    System.err.println("Unknown command " + args.get(0) + ".");
                    printUsage();
                    yield USAGE_ERROR;
                }
            };
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return USAGE_ERROR;
        }
    }

    private static int up(StackConfig config) {
        // On a fatal error the broker halts the JVM, which skips shutdown hooks and would leave the services and
        // PostgreSQL running. An orderly exit instead runs the hook, which stops everything.
        Exit.Procedure orderlyExit = (status, message) -> {
            System.err.println("!! Kafka stopped on a fatal error" + (message == null ? "" : " (" + message + ")")
                    + "; stopping the stack. See " + config.stateDir().resolve("logs").resolve(LogRouting.KAFKA_LOG));
            new Thread(() -> System.exit(KAFKA_FATAL), "local-stack-kafka-fatal").start();
        };
        Exit.setHaltProcedure(orderlyExit);
        Exit.setExitProcedure(orderlyExit);
        StackRun stack = new StackRun(config, System.out, System.err);
        // Ctrl-C (SIGINT) and `stack stop` (SIGTERM) end up here; also stops what a failed start left behind.
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-shutdown"));
        try {
            stack.start();
        } catch (StackException e) {
            // already printed and cleaned up by start()
            return 1;
        }
        try {
            stack.awaitStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void requireNoOptions(List<String> options) {
        if (!options.isEmpty()) {
            throw new ConfigException("unexpected " + String.join(" ", options));
        }
    }

    /**
     * The checkout this launcher belongs to: named by the script, else found from where this class was loaded
     * ({@code <root>/tools/local-stack/target/...}), else the working directory.
     */
    private static Path repositoryRoot() {
        String property = System.getProperty(ROOT_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        try {
            Path location = Path.of(LocalStack.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = location; dir != null; dir = dir.getParent()) {
                if (dir.getFileName() != null && dir.getFileName().toString().equals("target")) {
                    Path root = dir.resolve("../../..").normalize();
                    if (Files.isRegularFile(root.resolve("mvnw"))) {
                        return root;
                    }
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }

    private static void printUsage() {
        System.err.println("""
                Usage: tools/local-stack/stack <command>
                  up [--wipe] [--no-build] [--except <service>]
                                            build, then run Kafka, PostgreSQL and the services in the foreground
                                            (--wipe: start from empty state; --no-build: use the jars as built;
                                            --except: leave one service out and print how to run it with
                                            ./mvnw quarkus:dev against the stack)
                  restart <service>         stop (if it runs) and start one service of a running stack
                  stop                      stop a stack running from another terminal
                  status                    what runs, and whether each service is ready
                  demo                      play the demo story on a running stack, through its emulator
                  chat [psid]               chat as a user (and as the Page Inbox agent) on a running stack
                State, data and logs live in .local-stack/ at the repository root.""");
    }
}
