package org.handover.service.support.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.handover.service.support.messaging.InFlightRecords;
import org.handover.service.support.messaging.KeyedSequencer;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogContextTest {

    private static final String KEY = "110000000000001:7700000000000042";

    @AfterEach
    void defaults() {
        ConversationRef.configure(ConversationRef.Mode.HASHED, null);
        MDC.clear();
    }

    @Test
    void aConversationIsNamedByAShortOneWayHashOfItsKeyByDefault() {
        String ref = ConversationRef.of(KEY);

        assertThat(ref).hasSize(ConversationRef.LENGTH).matches("[0-9a-f]{12}")
                .doesNotContain("7700000000000042").doesNotContain("110000000000001");
        // the same in every service (so one conversation's lines are found across services), distinct per user
        assertThat(ConversationRef.of(KEY)).isEqualTo(ref);
        assertThat(ConversationRef.of("110000000000001:7700000000000043")).isNotEqualTo(ref);
        // what an operator computes by hand: printf '%s' 'pageId:psid' | sha256sum | cut -c1-12
        assertThat(ref).isEqualTo("b4610760c297");
    }

    @Test
    void aKeyedHashDiffersFromThePlainOneAndRawModeWritesTheKey() {
        String plain = ConversationRef.of(KEY);
        ConversationRef.configure(ConversationRef.Mode.HASHED, "ops-key");
        String keyed = ConversationRef.of(KEY);
        ConversationRef.configure(ConversationRef.Mode.RAW, null);

        assertThat(keyed).hasSize(ConversationRef.LENGTH).isNotEqualTo(plain);
        assertThat(ConversationRef.of(KEY)).isEqualTo(KEY);
        assertThat(ConversationRef.Mode.parse(" Raw ")).isEqualTo(ConversationRef.Mode.RAW);
        assertThatThrownBy(() -> ConversationRef.Mode.parse("clear"))
                .hasMessage("LOG_CONVERSATION_IDS must be hashed or raw, not 'clear'");
    }

    @Test
    void aScopeSetsTheRecordsContextAndPutsBackWhatWasBefore() {
        MDC.put(LogContext.REQUEST_ID, "outer");
        ConsumerRecord<String, String> record = new ConsumerRecord<>("conversation.inbound", 3, 42, KEY, "{}");

        try (LogContext.Scope scope = LogContext.forRecord(record)) {
            assertThat(MDC.get(LogContext.REQUEST_ID)).as("not the record's").isNull();
            LogContext.eventId("m_1");
            assertThat(MDC.get(LogContext.CONVERSATION)).isEqualTo(ConversationRef.of(KEY));
            assertThat(MDC.get(LogContext.RECORD)).isEqualTo("conversation.inbound-3@42");
            assertThat(MDC.get(LogContext.EVENT_ID)).isEqualTo("m_1");
        }

        assertThat(MDC.get(LogContext.CONVERSATION)).isNull();
        assertThat(MDC.get(LogContext.EVENT_ID)).isNull();
        assertThat(MDC.get(LogContext.RECORD)).isNull();
        assertThat(MDC.get(LogContext.REQUEST_ID)).isEqualTo("outer");
    }

    @Test
    void theSequencerSetsEachRecordsContextOnItsWorkerThreadAndClearsItBeforeTheNext() throws Exception {
        // One lane: both records run on the same worker thread, one after the other.
        try (KeyedSequencer sequencer = new KeyedSequencer("test", 1, new InFlightRecords(Duration.ofSeconds(1)))) {
            List<Map<String, Object>> seen = new CopyOnWriteArrayList<>();
            List<String> threads = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> second = new CompletableFuture<>();

            sequencer.submit(message(new ConsumerRecord<>("conversation.decisions", 1, 7, KEY, "{}"), null),
                    record -> {
                        LogContext.decisionId("d-1");
                        seen.add(snapshot());
                        threads.add(Thread.currentThread().getName());
                    }).toCompletableFuture().get(10, TimeUnit.SECONDS);
            sequencer.submit(message(new ConsumerRecord<>("conversation.decisions", 1, 8, null, "{}"), second),
                    record -> {
                        seen.add(snapshot());
                        threads.add(Thread.currentThread().getName());
                    }).toCompletableFuture().get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);

            assertThat(threads).hasSize(2).containsOnly(threads.get(0));
            assertThat(seen.get(0)).containsExactlyInAnyOrderEntriesOf(Map.of(
                    LogContext.CONVERSATION, ConversationRef.of(KEY),
                    LogContext.RECORD, "conversation.decisions-1@7",
                    LogContext.DECISION_ID, "d-1"));
            // nothing of the first record is left on the thread: a keyless record has coordinates only
            assertThat(seen.get(1)).containsExactlyInAnyOrderEntriesOf(Map.of(
                    LogContext.RECORD, "conversation.decisions-1@8"));
        }
    }

    private static Map<String, Object> snapshot() {
        Map<String, Object> values = new HashMap<>();
        for (String key : List.of(LogContext.CONVERSATION, LogContext.RECORD, LogContext.EVENT_ID,
                LogContext.DECISION_ID, LogContext.REQUEST_ID)) {
            Object value = MDC.get(key);
            if (value != null) {
                values.put(key, value);
            }
        }
        return values;
    }

    private static Message<String> message(ConsumerRecord<String, String> record, CompletableFuture<Void> acked) {
        return Message.of(record.value(), Metadata.of(new IncomingKafkaRecordMetadata<>(record, "test")), () -> {
            if (acked != null) {
                acked.complete(null);
            }
            return CompletableFuture.completedFuture(null);
        });
    }
}
