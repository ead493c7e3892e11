package org.handover.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.handover.contracts.ContractJson;
import org.handover.contracts.GuidedCatalog;
import org.handover.contracts.GuidedOption;
import org.handover.contracts.Topics;
import org.handover.routing.service.GuidedCatalogStore;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
class GuidedCatalogConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    GuidedCatalogStore store;

    @Test
    void learnsAPagesGuidedOptionsAndForgetsThemOnATombstone() {
        String page = "page-" + UUID.randomUUID();
        GuidedCatalog catalog = new GuidedCatalog(1, page, 2, Instant.parse("2026-11-25T09:00:00Z"),
                List.of(new GuidedOption("HOURS", "Opening hours", List.of("open", "hours"))));

        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.BOT_CATALOG, page, ContractJson.toJson(catalog)))
                .awaitCompletion(WAIT);

        await().atMost(WAIT).untilAsserted(() -> assertThat(store.find(page)).contains(catalog));

        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.BOT_CATALOG, page, (String) null))
                .awaitCompletion(WAIT);

        await().atMost(WAIT).untilAsserted(() -> assertThat(store.find(page)).isEmpty());
    }

    @Test
    void keepsTheNewerRevisionWhenAnOlderOneIsReRead() {
        String page = "page-" + UUID.randomUUID();
        GuidedCatalog newer = new GuidedCatalog(1, page, 5, Instant.now(), List.of(new GuidedOption("A", "A", null)));
        GuidedCatalog older = new GuidedCatalog(1, page, 4, Instant.now(), List.of(new GuidedOption("B", "B", null)));

        store.put(newer);
        store.put(older);

        assertThat(store.find(page)).contains(newer);
    }

    @Test
    void deadLettersARecordThatIsNotACatalogAndKeepsThePagesCatalog() {
        String page = "page-" + UUID.randomUUID();
        GuidedCatalog catalog = new GuidedCatalog(1, page, 1, Instant.now(), List.of(new GuidedOption("A", "A", null)));
        kafka.produceStrings().fromRecords(
                new ProducerRecord<>(Topics.BOT_CATALOG, page, ContractJson.toJson(catalog)),
                new ProducerRecord<>(Topics.BOT_CATALOG, page, "{\"pageId\":\"another-page\",\"revision\":2}"))
                .awaitCompletion(WAIT);

        var dead = TopicReader.of(kafka, Topics.deadLetter(Topics.BOT_CATALOG)).awaitKey(page, 1, WAIT).get(0);

        assertThat(TopicReader.headers(dead)).containsEntry("dead-letter-reason",
                "catalog pageId does not match the record key");
        assertThat(store.find(page)).contains(catalog);
    }
}
