package org.handover.handover.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.handover.contracts.ContractJson;
import org.handover.contracts.MalformedRecordException;
import org.handover.contracts.OutboundResult;
import org.handover.handover.service.ServiceClock;
import org.handover.handover.service.ConversationService;
import org.handover.service.support.messaging.ConsumerRetry;
import org.handover.service.support.messaging.OutageMonitor;

/**
 * Consumes {@link org.handover.contracts.Topics#MESSENGER_OUTBOUND}: each report marks the conversation's last order
 * handled, a pending pass (an accepted handover's confirmation, or the bot's last order before an honoured inbox
 * request) goes ahead once its awaited order is reported, and a Send API ownership error makes handover-service read
 * the real owner. A record
 * that is not an {@link OutboundResult} goes to {@code messenger.outbound.dlq}. Each result's {@code at} is told to
 * the {@link ServiceClock} (in shadow mode the event-time clock moves there; the wall clock ignores it).
 */
@ApplicationScoped
public class OutboundResultConsumer {

    private final ConversationService service;
    private final MeterRegistry registry;
    private final ServiceClock clock;
    private final ConsumerRetry retry;

    public OutboundResultConsumer(ConversationService service, MeterRegistry registry, ServiceClock clock,
            OutageMonitor outages) {
        this.service = service;
        this.registry = registry;
        this.clock = clock;
        this.retry = outages.retry(Channels.OUTBOUND_RESULTS);
    }

    @Incoming(Channels.OUTBOUND_RESULTS)
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, String> record) {
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
        // An event-time clock (shadow mode) reads as when bot-service handled the order; the wall clock ignores it.
        clock.observe(valid.at());
        retry.run(() -> service.onOutbound(valid));
    }
}
