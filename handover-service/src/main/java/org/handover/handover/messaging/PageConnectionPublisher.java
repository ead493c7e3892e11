package org.handover.handover.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.handover.contracts.ConversationKey;
import org.handover.contracts.PageConnection;

/**
 * Publishes each page's connection (its token encrypted, a rejection by Meta) to the compacted
 * {@link org.handover.contracts.Topics#PAGE_CONNECTIONS}, keyed by page id, for bot-service's Send API calls.
 */
@ApplicationScoped
public class PageConnectionPublisher {

    private final MutinyEmitter<PageConnection> emitter;

    public PageConnectionPublisher(@Channel(Channels.PAGE_CONNECTIONS) MutinyEmitter<PageConnection> emitter) {
        this.emitter = emitter;
    }

    /** Publishes a page's connection; completes when the broker acknowledged it. */
    public Uni<Void> publish(PageConnection connection) {
        return emitter.sendMessage(Message.of(connection)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(connection.key()).build()));
    }

    /** The page is disconnected and nothing stands against it: a tombstone; completes when acknowledged. */
    public Uni<Void> remove(String pageId) {
        Message<PageConnection> tombstone = Message.of((PageConnection) null)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(ConversationKey.forPage(pageId)).build());
        return emitter.sendMessage(tombstone);
    }
}
