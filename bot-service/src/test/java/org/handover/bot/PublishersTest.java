package org.handover.bot;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.handover.bot.messaging.CatalogPublisher;
import org.handover.bot.messaging.OutboundResultPublisher;
import org.handover.contracts.ContractJson;
import org.handover.contracts.GuidedCatalog;
import org.handover.contracts.GuidedOption;
import org.handover.contracts.OrderKind;
import org.handover.contracts.OutboundOutcome;
import org.handover.contracts.OutboundResult;
import org.handover.contracts.Topics;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.MetaApiResource;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(MetaApiResource.class)
class PublishersTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    OutboundResultPublisher outbound;

    @Inject
    CatalogPublisher catalogs;

    @Test
    void writesOutboundResultsKeyedByConversation() {
        String psid = "user-" + UUID.randomUUID();
        OutboundResult refused = new OutboundResult(1, "d-1", "PAGE1", psid, 3, OrderKind.ANSWER_GUIDED,
                OutboundOutcome.REFUSED, "not_owner", null, null, null, Instant.parse("2026-11-25T09:00:00Z"));

        outbound.publish(refused).await().atMost(WAIT);

        var record = TopicReader.of(kafka, Topics.MESSENGER_OUTBOUND).awaitKey("PAGE1:" + psid, 1, WAIT).get(0);
        assertThat(ContractJson.fromJson(record.value(), OutboundResult.class)).isEqualTo(refused);
    }

    @Test
    void writesCatalogsKeyedByPageAndTombstonesRemovedPages() {
        String page = "page-" + UUID.randomUUID();
        GuidedCatalog catalog = new GuidedCatalog(1, page, 1, Instant.parse("2026-11-25T09:00:00Z"),
                List.of(new GuidedOption("HOURS", "Opening hours", List.of("hours"))));

        catalogs.publish(catalog).await().atMost(WAIT);
        catalogs.remove(page).await().atMost(WAIT);

        var records = TopicReader.of(kafka, Topics.BOT_CATALOG).awaitKey(page, 2, WAIT);
        assertThat(ContractJson.fromJson(records.get(0).value(), GuidedCatalog.class)).isEqualTo(catalog);
        assertThat(records.get(1).value()).as("tombstone").isNull();
    }
}
