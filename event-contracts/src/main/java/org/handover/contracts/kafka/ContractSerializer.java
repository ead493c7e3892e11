package org.handover.contracts.kafka;

import org.apache.kafka.common.serialization.Serializer;
import org.handover.contracts.ContractJson;

/** Kafka value serializer for contract records, in the one JSON form of {@link ContractJson}. Null stays null (tombstone). */
public class ContractSerializer implements Serializer<Object> {

    @Override
    public byte[] serialize(String topic, Object data) {
        return data == null ? null : ContractJson.toBytes(data);
    }
}
