package org.handover.testsupport;

import java.util.Locale;
import org.testcontainers.DockerClientFactory;

/**
 * Where test infrastructure comes from. Chosen per component (Kafka, PostgreSQL) in this order:
 * <ol>
 * <li>{@link #EXTERNAL} when configured in the environment ({@value #KAFKA_ENV}, {@value #JDBC_URL_ENV});</li>
 * <li>{@link #TESTCONTAINERS} when a Docker engine answers;</li>
 * <li>{@link #EMBEDDED} otherwise: an in-process KRaft broker and PostgreSQL from embedded binaries.</li>
 * </ol>
 * {@value #FORCE_ENV}{@code =embedded|testcontainers} skips the detection of a Docker engine.
 */
enum InfrastructureMode {
    EXTERNAL, TESTCONTAINERS, EMBEDDED;

    static final String KAFKA_ENV = "KAFKA_BOOTSTRAP_SERVERS";
    static final String JDBC_URL_ENV = "TEST_JDBC_URL";
    static final String JDBC_USERNAME_ENV = "TEST_JDBC_USERNAME";
    static final String JDBC_PASSWORD_ENV = "TEST_JDBC_PASSWORD";
    static final String FORCE_ENV = "TEST_INFRASTRUCTURE";
    static final String KAFKA_IMAGE = "apache/kafka-native:4.1.0";
    static final String POSTGRES_IMAGE = "postgres:17-alpine";

    static InfrastructureMode forKafka() {
        return configured(KAFKA_ENV) ? EXTERNAL : local();
    }

    static InfrastructureMode forPostgres() {
        return configured(JDBC_URL_ENV) ? EXTERNAL : local();
    }

    private static boolean configured(String env) {
        String value = System.getenv(env);
        return value != null && !value.isBlank();
    }

    private static InfrastructureMode local() {
        String forced = System.getenv(FORCE_ENV);
        if (forced != null && !forced.isBlank()) {
            return valueOf(forced.trim().toUpperCase(Locale.ROOT));
        }
        return dockerAvailable() ? TESTCONTAINERS : EMBEDDED;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
