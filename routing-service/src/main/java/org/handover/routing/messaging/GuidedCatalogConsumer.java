package org.handover.routing.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.handover.contracts.GuidedCatalog;
import org.handover.contracts.ContractJson;
import org.handover.contracts.MalformedRecordException;
import org.handover.routing.service.GuidedCatalogStore;

/**
 * Materialises {@link org.handover.contracts.Topics#BOT_CATALOG} into the {@link GuidedCatalogStore}. A record that is
 * not a catalog goes to {@code bot.catalog.dlq} with the reason; the page keeps its previous catalog. Every record
 * handled is reported to the {@link CatalogLoadGate}, which holds classification until the topic is read to its end.
 */
@ApplicationScoped
public class GuidedCatalogConsumer {

    private final GuidedCatalogStore store;
    private final MeterRegistry registry;
    private final CatalogLoadGate gate;

    public GuidedCatalogConsumer(GuidedCatalogStore store, MeterRegistry registry, CatalogLoadGate gate) {
        this.store = store;
        this.registry = registry;
        this.gate = gate;
    }

    @Incoming(Channels.GUIDED_CATALOGS)
    public void consume(ConsumerRecord<String, String> record) {
        try {
            apply(record);
        } finally {
            // Applied, removed or on its way to the dead-letter topic: either way this offset is handled.
            gate.recordRead(record.partition(), record.offset());
        }
    }

    private void apply(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            store.remove(record.key());
            count("removed");
            return;
        }
        GuidedCatalog catalog;
        try {
            catalog = ContractJson.fromJson(record.value(), GuidedCatalog.class);
            if (catalog.pageId() == null || !catalog.pageId().equals(record.key())) {
                throw new MalformedRecordException("catalog pageId does not match the record key");
            }
        } catch (MalformedRecordException e) {
            count("malformed");
            throw e;
        }
        store.put(catalog);
        count("applied");
    }

    private void count(String outcome) {
        registry.counter("routing.catalog.records", "outcome", outcome).increment();
    }
}
