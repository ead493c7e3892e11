package org.handover.bot.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.handover.bot.service.PageTokenStore;
import org.handover.contracts.ContractJson;
import org.handover.contracts.MalformedRecordException;
import org.handover.contracts.PageConnection;
import io.smallrye.common.annotation.Blocking;

/**
 * Materialises {@link org.handover.contracts.Topics#PAGE_CONNECTIONS} into the {@link PageTokenStore}: every replica
 * reads the whole compacted topic (a group of its own, nothing committed). A tombstone disconnects the page. A record
 * that is not a page connection of its key goes to {@code page.connections.dlq} with the reason; the page keeps what
 * it had.
 */
@ApplicationScoped
public class PageConnectionConsumer {

    private final PageTokenStore store;
    private final MeterRegistry registry;

    public PageConnectionConsumer(PageTokenStore store, MeterRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    @Incoming(Channels.PAGE_CONNECTIONS)
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            if (record.key() != null) {
                store.remove(record.key());
            }
            return;
        }
        PageConnection connection;
        try {
            connection = ContractJson.fromJson(record.value(), PageConnection.class);
            if (connection.pageId() == null || !connection.pageId().equals(record.key())) {
                throw new MalformedRecordException("page connection pageId does not match the record key");
            }
            if ((connection.keyId() == null) != (connection.tokenCiphertext() == null)) {
                throw new MalformedRecordException("page connection with a key id but no ciphertext, or the reverse");
            }
        } catch (MalformedRecordException e) {
            registry.counter("bot.page.connections", "outcome", "malformed").increment();
            throw e;
        }
        store.apply(connection);
    }
}
