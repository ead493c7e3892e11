package org.handover.handover.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.handover.contracts.ContractJson;
import org.handover.contracts.MalformedRecordException;
import org.handover.contracts.OutboundResult;
import org.handover.handover.service.ServiceClock;
import org.handover.handover.service.ConversationService;
import org.handover.handover.service.GuidedLinkService;
import org.handover.handover.service.PageTokens;
import org.handover.service.support.meta.MetaErrors;
import org.handover.service.support.logging.LogContext;
import org.handover.handover.service.bulletin.BulletinService;
import org.handover.service.support.messaging.ConsumerRetry;
import org.handover.service.support.messaging.ConsumerLanes;
import org.handover.service.support.messaging.KeyedSequencer;
import org.handover.service.support.messaging.OutageMonitor;

/**
 * Consumes {@link org.handover.contracts.Topics#MESSENGER_OUTBOUND}: each report marks the conversation's last order
 * handled, a pending pass (an accepted handover's confirmation, or the bot's last order before an honoured inbox
 * request) goes ahead once its awaited order is reported, and a Send API ownership error makes handover-service read
 * the real owner; a guided answer sent with tracked links counts its recipient for each link. A record
 * that is not an {@link OutboundResult} goes to {@code messenger.outbound.dlq}. Each result's {@code at} is told to
 * the {@link ServiceClock} (in shadow mode the event-time clock moves there; the wall clock ignores it).
 */
@ApplicationScoped
public class OutboundResultConsumer {

    private final ConversationService service;
    private final BulletinService bulletins;
    private final MeterRegistry registry;
    private final ServiceClock clock;
    private final ConsumerRetry retry;
    private final KeyedSequencer lanes;
    private final PageTokens tokens;

    private final GuidedLinkService guidedLinks;

    public OutboundResultConsumer(ConversationService service, BulletinService bulletins, MeterRegistry registry,
            ServiceClock clock, OutageMonitor outages, ConsumerLanes lanes, PageTokens tokens,
            GuidedLinkService guidedLinks) {
        this.guidedLinks = guidedLinks;
        this.service = service;
        this.tokens = tokens;
        this.bulletins = bulletins;
        this.registry = registry;
        this.clock = clock;
        this.retry = outages.retry(Channels.OUTBOUND_RESULTS);
        this.lanes = lanes.sequencer(Channels.OUTBOUND_RESULTS);
    }

    @Incoming(Channels.OUTBOUND_RESULTS)
    // Key-ordered concurrency: records of one conversation (one key) one after the other, up to CONSUMER_CONCURRENCY
    // conversations at once on the sequencer's threads; the message is acked when its work ends, nacked (to the
    // dead-letter topic) when it fails.
    public CompletionStage<Void> consume(Message<String> message) {
        return lanes.submit(message, this::handle);
    }

    private void handle(ConsumerRecord<String, String> record) {
        OutboundResult result;
        try {
            result = ContractJson.fromJson(record.value(), OutboundResult.class);
            if (result.decisionId() == null || result.outcome() == null || result.pageId() == null
                    || result.psid() == null) {
                throw new MalformedRecordException("outbound result without decisionId, outcome, pageId or psid");
            }
        } catch (MalformedRecordException e) {
            registry.counter("handover.outbound.records", "outcome", "malformed").increment();
            throw e;
        }
        registry.counter("handover.outbound.records", "outcome", result.outcome().name().toLowerCase()).increment();
        OutboundResult valid = result;
        // The sequencer set the conversation and the record's coordinates; every line of this result names it too.
        LogContext.decisionId(valid.decisionId());
        // An event-time clock (shadow mode) reads as when bot-service handled the order; the wall clock ignores it.
        clock.observe(valid.at());
        if (valid.errorCode() != null && MetaErrors.TOKEN_CODES.contains(valid.errorCode())) {
            // Meta rejected the page's token on a send: the page needs reconnecting (never holds up the record).
            tokens.rejectedInUse(valid.pageId(), "Send API error code=" + valid.errorCode());
        }
        retry.run(() -> {
            service.onOutbound(valid);
            // A bulletin's copy: its recipient's progress (both steps idempotent, so a retry repeats neither)
            bulletins.onOutbound(valid);
            // A guided answer sent with tracked links: its recipient counts as one who got each link (idempotent)
            guidedLinks.onOutbound(valid);
        });
    }
}
