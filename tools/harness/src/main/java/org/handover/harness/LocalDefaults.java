package org.handover.harness;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The local-only settings of one service: {@code tools/local-stack/env/<service>.env}, {@code NAME=value} lines in
 * {@link Properties} syntax. They hold what a service needs to start on a laptop (the emulator's demo app id, a
 * verify token that only the local emulator knows) and never a real secret. A variable already set in the launcher's
 * environment wins, so pointing a local run at real infrastructure or at Meta is a matter of exporting it.
 *
 * <p>The local stack starts the services with them; the end-to-end tests and the replay tool start from them too
 * (what a service needs to start at all) and then set their own values.
 */
public final class LocalDefaults {

    /** Folder of the files, relative to the repository root. */
    public static final String FOLDER = "tools/local-stack/env";

    private LocalDefaults() {
    }

    /**
     * The defaults of {@code service} that {@code environment} does not already set; empty when the service has no
     * file.
     */
    public static Map<String, String> of(Path repoRoot, String service, Map<String, String> environment) {
        Map<String, String> result = new LinkedHashMap<>();
        read(repoRoot, service).forEach((name, value) -> {
            if (!environment.containsKey(name)) {
                result.put(name, value);
            }
        });
        return result;
    }

    /**
     * What {@code service} sees for {@code name}: the environment's value, else its file's, else {@code null}. The
     * launcher reads the services' settings through this when it must agree with them (the emulator's world).
     */
    public static String effective(Path repoRoot, String service, Map<String, String> environment, String name) {
        String value = environment.get(name);
        return value != null ? value.trim() : read(repoRoot, service).get(name);
    }

    /** The names {@code service} sees starting with {@code prefix}, from its file and the environment, sorted. */
    public static SortedSet<String> namesStartingWith(Path repoRoot, String service,
            Map<String, String> environment, String prefix) {
        SortedSet<String> names = new TreeSet<>();
        read(repoRoot, service).keySet().stream().filter(n -> n.startsWith(prefix)).forEach(names::add);
        environment.keySet().stream().filter(n -> n.startsWith(prefix)).forEach(names::add);
        return names;
    }

    /** Every setting in the service's file, by name in name order; empty without a file. */
    private static Map<String, String> read(Path repoRoot, String service) {
        Path file = repoRoot.resolve(FOLDER).resolve(service + ".env");
        Map<String, String> result = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return result;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read local settings " + file, e);
        }
        properties.stringPropertyNames().stream().sorted()
                .forEach(name -> result.put(name, properties.getProperty(name).trim()));
        return result;
    }
}
