package org.handover.replay;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/** Which Kafka cluster to read (and, for a replay, write): any cluster, with a standard client properties file. */
public final class KafkaOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (default: $KAFKA_BOOTSTRAP_SERVERS, else localhost:9092).")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "A Kafka client properties file (security.protocol, ssl.*, sasl.*...), as for Kafka's own "
                    + "command-line tools.")
    Path configFile;

    /** The client configuration: the file's properties, then the bootstrap servers. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        if (configFile != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(configFile)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --kafka-config " + configFile + ": " + e.getMessage());
            }
            properties.stringPropertyNames().forEach(name -> config.put(name, properties.getProperty(name)));
        }
        String servers = bootstrapServers;
        if (servers == null && !config.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            String env = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
            servers = env == null || env.isBlank() ? "localhost:9092" : env;
        }
        if (servers != null) {
            config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers);
        }
        return config;
    }
}
