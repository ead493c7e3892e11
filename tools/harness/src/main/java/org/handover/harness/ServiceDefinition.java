package org.handover.harness;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * One service of the system as the harness starts it ({@link ServiceProcess}): a Quarkus application of this
 * repository, run from its fast-jar, on its own HTTP port. {@link Services#ALL} lists them.
 *
 * @param name        name shown to the user, used for the log file ({@code <name>.log}) and in the state file
 * @param module      folder of the Maven module, relative to the repository root
 * @param portEnv     environment variable that moves the HTTP port of the local stack
 * @param defaultPort the local stack's HTTP port when {@code portEnv} is not set
 * @param needs       the infrastructure it must be told about (each adds environment variables)
 */
public record ServiceDefinition(String name, String module, String portEnv, int defaultPort, Set<Need> needs) {

    /** Where the Quarkus build puts the runnable jar of a module. */
    public static final String RUNNER = "target/quarkus-app/quarkus-run.jar";

    /** Infrastructure a service is connected to, through environment variables read by its prod profile. */
    public enum Need {
        /** {@code KAFKA_BOOTSTRAP_SERVERS}. */
        KAFKA,
        /** {@code DATABASE_JDBC_URL}, {@code DATABASE_USERNAME}, {@code DATABASE_PASSWORD}. */
        DATABASE,
        /**
         * {@code MESSENGER_GRAPH_BASE_URL}: Meta's Graph API, which is the launcher's emulator when it runs one (and
         * otherwise whatever the launcher's environment says, or the service's default, the real Graph API).
         */
        META
    }

    public ServiceDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(portEnv, "portEnv");
        needs = Set.copyOf(needs);
    }

    /** The runnable jar of this service in a checkout at {@code repoRoot}. */
    public Path jar(Path repoRoot) {
        return repoRoot.resolve(module).resolve(RUNNER);
    }

    /** Whether the service must be given {@code need}. */
    public boolean needs(Need need) {
        return needs.contains(need);
    }
}
