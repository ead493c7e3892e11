package org.handover.bot.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.handover.contracts.ConversationKey;
import org.handover.contracts.GuidedCatalog;

/**
 * Publishes each page's guided options to the compacted {@link org.handover.contracts.Topics#BOT_CATALOG}, keyed by
 * page id, so routing-service knows which typed texts count as guided.
 */
@ApplicationScoped
public class CatalogPublisher {

    private final MutinyEmitter<GuidedCatalog> emitter;

    public CatalogPublisher(@Channel(Channels.CATALOGS) MutinyEmitter<GuidedCatalog> emitter) {
        this.emitter = emitter;
    }

    /** Publishes a page's catalog; completes when the broker acknowledged it. */
    public Uni<Void> publish(GuidedCatalog catalog) {
        return emitter.sendMessage(Message.of(catalog)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(catalog.key()).build()));
    }

    /** Removes a page from the topic (tombstone); completes when the broker acknowledged it. */
    public Uni<Void> remove(String pageId) {
        // A null payload is the tombstone that lets compaction drop the page.
        Message<GuidedCatalog> tombstone = Message.of((GuidedCatalog) null)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(ConversationKey.forPage(pageId)).build());
        return emitter.sendMessage(tombstone);
    }
}
