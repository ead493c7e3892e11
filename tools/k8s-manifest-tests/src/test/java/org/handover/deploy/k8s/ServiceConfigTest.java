package org.handover.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a service's own files are read: the basis of the environment and ACL checks. */
class ServiceConfigTest {

    private static final String PROPERTIES = """
            quarkus.application.name=demo-service
            kafka.bootstrap.servers=localhost:9092
            %prod.kafka.bootstrap.servers=${KAFKA_BOOTSTRAP_SERVERS}
            %prod.quarkus.datasource.password=${DATABASE_PASSWORD}
            %prod.demo.shadow=${DEMO_SHADOW:false}
            %test.demo.only-in-test=${NEVER_IN_PROD}
            mp.messaging.incoming.in.topic=a.topic
            mp.messaging.incoming.in.failure-strategy=dead-letter-queue
            mp.messaging.incoming.in.dead-letter-queue.topic=a.topic.dlq
            mp.messaging.incoming.all.topic=${TOPIC_PREFIX:}b.topic
            mp.messaging.incoming.all.group.id=${TOPIC_PREFIX:}demo-all-${quarkus.uuid}
            mp.messaging.outgoing.out.topic=${TOPIC_PREFIX:}c.topic
            """;

    private static final String MAPPING = """
            package demo;
            @ConfigMapping(prefix = "messenger")
            public interface MessengerConfig {
                /** Page tokens. */
                Map<String, String> pageTokens();
                @WithName("app-id")
                String appIdentifier();
                @WithDefault("x") String verifyToken();
            }
            """;

    private final ServiceConfig config = new ServiceConfig("demo-service", PROPERTIES, List.of(MAPPING,
            "class A { @ConfigProperty(name = \"admin.token\") String token; }"));

    @Test
    void environmentFormIsUpperCaseWithUnderscores() {
        assertThat(ServiceConfig.envName("quarkus.http.port")).isEqualTo("QUARKUS_HTTP_PORT");
        assertThat(ServiceConfig.envName("messenger.page-tokens")).isEqualTo("MESSENGER_PAGE_TOKENS");
        assertThat(ServiceConfig.envName("a.\"b\".c")).isEqualTo("A__B__C");
    }

    @Test
    void requiredAreTheProdReferencesWithoutDefault() {
        assertThat(config.requiredEnv()).containsExactlyInAnyOrder("KAFKA_BOOTSTRAP_SERVERS", "DATABASE_PASSWORD");
        assertThat(config.envReferences()).containsExactlyInAnyOrder(
                "KAFKA_BOOTSTRAP_SERVERS", "DATABASE_PASSWORD", "DEMO_SHADOW", "NEVER_IN_PROD", "TOPIC_PREFIX");
    }

    @Test
    void readsReferencedVariablesPropertiesAndTypedMappings() {
        assertThat(config.reads("DEMO_SHADOW")).isTrue();
        assertThat(config.reads("KAFKA_BOOTSTRAP_SERVERS")).isTrue();
        assertThat(config.reads("QUARKUS_APPLICATION_NAME")).isTrue();
        assertThat(config.reads("MESSENGER_PAGE_TOKENS_110000000000001")).isTrue();
        assertThat(config.reads("MESSENGER_APP_ID")).isTrue();
        assertThat(config.reads("MESSENGER_VERIFY_TOKEN")).isTrue();
        assertThat(config.reads("ADMIN_TOKEN")).isTrue();
        assertThat(config.readsPrefix("MESSENGER_PAGE_TOKENS_")).isTrue();
    }

    @Test
    void doesNotReadWhatNothingNames() {
        assertThat(config.reads("DATABASE_JDBC_URL")).isFalse();
        assertThat(config.reads("MESSENGER_APP_IDENTIFIER")).isFalse();
        assertThat(config.reads("BOT_SHADOW_MODE")).isFalse();
        assertThat(config.readsPrefix("ADMIN_")).isFalse();
    }

    /** The topic namespace is unset in production: channels are read with the default of each reference. */
    @Test
    void channelsCarryTopicsGroupsAndDeadLetterTopics() {
        assertThat(config.channels())
                .extracting(ServiceConfig.Channel::name, ServiceConfig.Channel::incoming, ServiceConfig.Channel::topic,
                        ServiceConfig.Channel::groupId, ServiceConfig.Channel::deadLetterTopic)
                .containsExactlyInAnyOrder(
                        tuple("in", true, "a.topic", "demo-service", "a.topic.dlq"),
                        tuple("all", true, "b.topic", "demo-all-${quarkus.uuid}", null),
                        tuple("out", false, "c.topic", null, null));
    }

    @Test
    void prodValueOverridesTheDefault() {
        assertThat(config.prod("kafka.bootstrap.servers")).isEqualTo("${KAFKA_BOOTSTRAP_SERVERS}");
        assertThat(config.prod("demo.only-in-test")).isNull();
    }
}
