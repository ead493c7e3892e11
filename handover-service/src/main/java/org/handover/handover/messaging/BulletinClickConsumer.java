package org.handover.handover.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.handover.contracts.BulletinClick;
import org.handover.contracts.ContractJson;
import org.handover.contracts.MalformedRecordException;
import org.handover.contracts.links.LinkToken;
import org.handover.handover.service.GuidedLinkService;
import org.handover.handover.service.bulletin.BulletinService;
import org.handover.service.support.messaging.ConsumerLanes;
import org.handover.service.support.messaging.ConsumerRetry;
import org.handover.service.support.messaging.KeyedSequencer;
import org.handover.service.support.messaging.OutageMonitor;

/**
 * Consumes {@link org.handover.contracts.Topics#BULLETIN_CLICKS} (ingress-service's record of each click on a
 * bulletin's tracked link, keyed by bulletin id, or on a guided answer's, keyed by page and answer): each is counted
 * once per recipient and link ({@link BulletinService#onClick}, {@link GuidedLinkService#onClick}). One bulletin's clicks one after the other, several bulletins at once (the
 * sequencer's lanes); a record that is not a {@link BulletinClick} goes to {@code bulletin.clicks.dlq}; a database
 * outage pauses and retries.
 */
@ApplicationScoped
public class BulletinClickConsumer {

    private final BulletinService bulletins;
    private final MeterRegistry registry;
    private final ConsumerRetry retry;
    private final KeyedSequencer lanes;

    private final GuidedLinkService guidedLinks;

    public BulletinClickConsumer(BulletinService bulletins, MeterRegistry registry, OutageMonitor outages,
            ConsumerLanes lanes, GuidedLinkService guidedLinks) {
        this.guidedLinks = guidedLinks;
        this.bulletins = bulletins;
        this.registry = registry;
        this.retry = outages.retry(Channels.BULLETIN_CLICKS);
        this.lanes = lanes.sequencer(Channels.BULLETIN_CLICKS);
    }

    @Incoming(Channels.BULLETIN_CLICKS)
    public CompletionStage<Void> consume(Message<String> message) {
        return lanes.submit(message, this::handle);
    }

    private void handle(ConsumerRecord<String, String> record) {
        BulletinClick click;
        try {
            click = ContractJson.fromJson(record.value(), BulletinClick.class);
            if (click.guidedAnswer()
                    ? click.bulletinId() != null || click.pageId() == null || click.pageId().length() > 64
                            || !LinkToken.isTrackableAnswerKey(click.answerKey())
                    : click.bulletinId() == null || click.bulletinId().length() > 64) {
                throw new MalformedRecordException("click without a bulletinId, or a guided answer's without its page"
                        + " and answer");
            }
            if (click.psid() == null || click.linkIndex() < 0 || click.linkIndex() > 255
                    || click.psid().length() > 64) {
                throw new MalformedRecordException("click without a psid or link index");
            }
        } catch (MalformedRecordException e) {
            registry.counter("handover.click.records", "outcome", "malformed").increment();
            throw e;
        }
        registry.counter("handover.click.records", "outcome", "processed").increment();
        BulletinClick valid = click;
        if (valid.guidedAnswer()) {
            retry.run(() -> guidedLinks.onClick(valid));
        } else {
            retry.run(() -> bulletins.onClick(valid));
        }
    }
}
