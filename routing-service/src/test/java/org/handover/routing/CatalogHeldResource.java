package org.handover.routing;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.handover.contracts.ContractJson;
import org.handover.contracts.GuidedCatalog;
import org.handover.contracts.GuidedOption;
import org.handover.contracts.Topics;
import org.handover.testsupport.KafkaAndPostgresResource;

/**
 * The broker as a restarted routing-service finds it: in a topic namespace of its own, {@code bot.catalog} already
 * holds a page's catalog (written in a transaction, so the partition ends with a commit marker no consumer ever sees)
 * and {@code messenger.webhook.raw} already holds a user typing one of that page's guided options. The catalog channel
 * starts paused, so the test decides when the catalog is read.
 */
public class CatalogHeldResource extends KafkaAndPostgresResource {

    static final String PREFIX = "catalog-held.";
    /** Unique per run: a broker kept between runs keeps the topics. */
    static final String PAGE = Long.toString(UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE);
    static final String PSID = Long.toString(UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE);

    @Override
    public void init(Map<String, String> initArgs) {
        Map<String, String> args = new HashMap<>(initArgs);
        args.put("topicPrefix", PREFIX);
        super.init(args);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        String bootstrap = config.get("kafka.bootstrap.servers");
        GuidedCatalog catalog = new GuidedCatalog(1, PAGE, 1, Instant.parse("2026-12-01T09:00:00Z"),
                List.of(new GuidedOption("HOURS", "Opening hours", List.of("open"))));
        Map<String, Object> transactional = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "catalog-held-" + PAGE);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(transactional, new StringSerializer(),
                new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(PREFIX + Topics.BOT_CATALOG, PAGE, ContractJson.toJson(catalog)));
            producer.commitTransaction();
        }
        ProducerRecord<String, String> typed = RawRecords.messaging(PAGE, PSID, "text-guided-keyword");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(PREFIX + typed.topic(), null, typed.key(), typed.value(),
                    typed.headers())).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot seed " + PREFIX + Topics.WEBHOOK_RAW, e);
        }
        config.put("mp.messaging.incoming.guided-catalogs.pausable", "true");
        config.put("mp.messaging.incoming.guided-catalogs.pausable.initially-paused", "true");
        return config;
    }
}
