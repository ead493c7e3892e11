package org.handover.service.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.handover.contracts.Topics;
import org.handover.testsupport.TopicReader;

/**
 * The measurement behind the consumers' key-ordered concurrency (issue 19): records of many conversation keys through
 * {@link SlowStubConsumer} (150 ms of work each), with the profile's ordering; prints the records per second and
 * checks what must hold at any concurrency: every key's records in their order, the bound respected, a contract break
 * dead-lettered alone.
 */
abstract class ThroughputMeasurement {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    SlowStubConsumer stub;

    /** Runs {@code keys} conversations of {@code perKey} records each on {@code topic}; returns records per second. */
    double measure(String topic, int keys, int perKey, int bound) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < perKey; i++) {
            for (int k = 0; k < keys; k++) {
                records.add(new ProducerRecord<>(topic, run + ":" + k, String.valueOf(i)));
            }
        }
        // One poisoned record in the middle of a conversation: dead-lettered alone, the conversation goes on.
        String poisoned = run + ":0";
        records.add(perKey / 2 * keys, new ProducerRecord<>(topic, poisoned, "poison"));
        int total = records.size();

        kafka.produceStrings().fromRecords(records).awaitCompletion(Duration.ofSeconds(30));

        await().atMost(Duration.ofSeconds(total * SlowStubConsumer.WORK_MILLIS / 1000 + 60))
                .until(() -> stub.done.get() >= total);
        double seconds = (stub.lastEnd - stub.firstStart) / 1e9;
        // The poisoned record does no work: the rate counts the records that did.
        double rate = (total - 1) / seconds;
        System.out.printf("%s: %d records of %d keys, %d ms of work each, at most %d at once: %.1f s, %.1f records/s%n",
                getClass().getSimpleName(), total, keys, SlowStubConsumer.WORK_MILLIS, stub.mostRunning.get(), seconds,
                rate);

        List<String> inOrder = IntStream.range(0, perKey).mapToObj(String::valueOf).toList();
        for (int k = 0; k < keys; k++) {
            assertThat(stub.valuesByKey.get(run + ":" + k)).as("key %d", k).containsExactlyElementsOf(inOrder);
        }
        assertThat(stub.mostRunning.get()).isLessThanOrEqualTo(bound);
        assertThat(TopicReader.of(kafka, Topics.deadLetter(topic)).awaitKey(poisoned, 1, Duration.ofSeconds(30)))
                .extracting(r -> r.value()).containsExactly("poison");
        return rate;
    }

    /** The profile's configuration of the stub's channel on {@code topic}, at most {@code concurrency} keys at once. */
    static Map<String, String> channel(String topic, int concurrency) {
        String prefix = "mp.messaging.incoming." + SlowStubConsumer.CHANNEL + ".";
        return Map.ofEntries(
                Map.entry("quarkus.arc.exclude-types", "org.handover.NothingExcluded"),
                Map.entry(prefix + "connector", "smallrye-kafka"),
                Map.entry(prefix + "topic", topic),
                Map.entry(prefix + "group.id", "throughput-" + UUID.randomUUID()),
                Map.entry(prefix + "auto.offset.reset", "earliest"),
                Map.entry(prefix + "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer"),
                Map.entry(prefix + "failure-strategy", "dead-letter-queue"),
                Map.entry(prefix + "dead-letter-queue.topic", Topics.deadLetter(topic)),
                Map.entry(prefix + "throttled.unprocessed-record-max-age.ms", "0"),
                Map.entry("consumer.concurrency", String.valueOf(concurrency)),
                Map.entry(prefix + "consumer-rebalance-listener.name", DrainingRebalanceListener.NAME));
    }
}
