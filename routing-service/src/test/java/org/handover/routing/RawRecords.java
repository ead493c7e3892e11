package org.handover.routing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.handover.contracts.RawEventHeaders;
import org.handover.contracts.Topics;

/** Records of {@link Topics#WEBHOOK_RAW} as ingress-service writes them: event JSON as value, metadata in headers. */
final class RawRecords {

    static final Instant RECEIVED_AT = Instant.parse("2025-11-25T09:00:00.250Z");

    private RawRecords() {
    }

    static ProducerRecord<String, String> raw(String key, String json, String channel, String pageId) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(RawEventHeaders.CHANNEL, channel.getBytes(UTF_8));
        headers.add(RawEventHeaders.PAGE_ID, pageId.getBytes(UTF_8));
        headers.add(RawEventHeaders.ENTRY_TIME, "1764061200100".getBytes(UTF_8));
        headers.add(RawEventHeaders.RECEIVED_AT, Long.toString(RECEIVED_AT.toEpochMilli()).getBytes(UTF_8));
        headers.add(RawEventHeaders.REQUEST_ID, "req-1".getBytes(UTF_8));
        headers.add(RawEventHeaders.OBJECT, "page".getBytes(UTF_8));
        return new ProducerRecord<>(Topics.WEBHOOK_RAW, null, key, json, headers);
    }

    static ProducerRecord<String, String> messaging(String page, String psid, String fixture) {
        return raw(page + ":" + psid, MetaEvents.load(fixture, page, psid), RawEventHeaders.CHANNEL_MESSAGING, page);
    }

    static ProducerRecord<String, String> standby(String page, String psid, String fixture) {
        return raw(page + ":" + psid, MetaEvents.load(fixture, page, psid), RawEventHeaders.CHANNEL_STANDBY, page);
    }
}
