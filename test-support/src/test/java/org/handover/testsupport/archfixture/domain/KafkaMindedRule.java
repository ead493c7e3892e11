package org.handover.testsupport.archfixture.domain;

import org.apache.kafka.clients.producer.ProducerRecord;

/** Breaks "domain is plain Java": decision logic that builds Kafka records. */
public class KafkaMindedRule {

    public ProducerRecord<String, String> decide(String key) {
        return new ProducerRecord<>("topic", key, "value");
    }
}
