package org.handover.service.support.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.handover.contracts.Topics;
import org.jboss.logging.Logger;

/**
 * Stops the service at start when {@code TOPIC_PREFIX} (the topic namespace that application.properties puts in
 * front of every topic and consumer group) has a character Kafka refuses in a topic name: a clear message now rather
 * than a Kafka error on the first record. Runs before Reactive Messaging connects its channels. One bean for every
 * service: each finds it through this jar's {@code META-INF/beans.xml}.
 */
@ApplicationScoped
public class TopicPrefixCheck {

    private static final Logger LOG = Logger.getLogger(TopicPrefixCheck.class);

    /**
     * Checks the prefix at start.
     *
     * @param start  the start-up event (unused; may be null when called directly)
     * @param prefix {@code TOPIC_PREFIX}, empty when unset
     * @throws IllegalArgumentException naming {@code TOPIC_PREFIX} when Kafka would refuse it
     */
    public void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start,
            @ConfigProperty(name = "TOPIC_PREFIX") Optional<String> prefix) {
        String checked = Topics.checkPrefix(prefix.orElse(""));
        if (!checked.isEmpty()) {
            LOG.infof("Topic namespace '%s': every topic and consumer group of this service starts with it", checked);
        }
    }
}
