package org.handover.routing.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.handover.contracts.ContractJson;
import org.handover.contracts.MalformedRecordException;

/**
 * Consumes {@link org.handover.contracts.Topics#WEBHOOK_RAW}. A value that is not a JSON object goes to
 * {@code messenger.webhook.raw.dlq} with the reason in headers, and the partition moves on.
 *
 * <p>Classification into {@link org.handover.contracts.InboundEvent}s (guided, free text, handover signal, standby,
 * noise) is not implemented yet: until it is, raw events are validated and counted, and nothing is forwarded.
 */
@ApplicationScoped
public class RawEventConsumer {

    private final MeterRegistry registry;

    public RawEventConsumer(MeterRegistry registry) {
        this.registry = registry;
    }

    @Incoming(Channels.RAW_EVENTS)
    public void consume(ConsumerRecord<String, String> record) {
        try {
            JsonNode event = parse(record.value());
            if (!event.isObject()) {
                throw new MalformedRecordException("raw event is JSON but not an object");
            }
        } catch (MalformedRecordException e) {
            count("malformed");
            throw e;
        }
        count("accepted");
    }

    private static JsonNode parse(String value) {
        if (value == null || value.isEmpty()) {
            throw new MalformedRecordException("raw event has no value");
        }
        try {
            return ContractJson.mapper().readTree(value);
        } catch (JsonProcessingException e) {
            throw new MalformedRecordException("raw event is not JSON: " + ContractJson.describe(e));
        }
    }

    private void count(String outcome) {
        registry.counter("routing.raw.records", "outcome", outcome).increment();
    }
}
