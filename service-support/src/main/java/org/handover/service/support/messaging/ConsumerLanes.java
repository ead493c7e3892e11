package org.handover.service.support.messaging;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes each consumer's {@link KeyedSequencer}, with {@code consumer.concurrency} records in flight per channel and
 * replica ({@code CONSUMER_CONCURRENCY}, default 16: a Send or Graph API call takes 100-300 ms, so 16 lanes carry about
 * 50-150 conversations' messages per second per replica), and closes them at shutdown.
 */
@ApplicationScoped
public class ConsumerLanes {

    private final int concurrency;
    private final InFlightRecords inFlight;
    private final List<KeyedSequencer> sequencers = new CopyOnWriteArrayList<>();

    public ConsumerLanes(@ConfigProperty(name = "consumer.concurrency", defaultValue = "16") int concurrency,
            InFlightRecords inFlight) {
        this.concurrency = concurrency;
        this.inFlight = inFlight;
    }

    /** The sequencer of {@code channel}. */
    public KeyedSequencer sequencer(String channel) {
        KeyedSequencer sequencer = new KeyedSequencer(channel, concurrency, inFlight);
        sequencers.add(sequencer);
        return sequencer;
    }

    @PreDestroy
    void close() {
        sequencers.forEach(KeyedSequencer::close);
    }
}
