package org.handover.handover.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.handover.contracts.ContractJson;
import org.handover.contracts.ControlChange;
import org.handover.contracts.Decision;
import org.handover.contracts.DecisionType;
import org.handover.contracts.Owner;
import org.handover.contracts.ThreadControl;
import org.handover.contracts.Topics;
import org.handover.handover.config.HandoverConfig;
import org.handover.handover.messaging.DecisionPublisher;
import org.handover.handover.repository.OutboxEntity;
import org.handover.handover.repository.OutboxRepository;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.MetaApiResource;
import org.handover.testsupport.OutcomeCounters;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox relay with several replicas on the real broker and PostgreSQL (issue 18, item 6): a conversation's
 * records leave once each and in order however many relays flush it at once, a record that can never be published is
 * parked instead of blocking its conversation, and a transient broker failure is retried, not parked.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(MetaApiResource.class)
class OutboxRelayTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String PAGE = "PAGE_OUTBOX";

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxRepository outbox;

    @Inject
    DecisionPublisher publisher;

    @Inject
    HandoverConfig config;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry registry;

    String psid;
    String key;

    @BeforeEach
    void setUp() {
        psid = "outbox-" + UUID.randomUUID();
        key = PAGE + ":" + psid;
    }

    @Test
    void relaysOfTwoReplicasPublishAConversationOnceAndInOrder() throws Exception {
        int count = 30;
        QuarkusTransaction.requiringNew().run(() -> IntStream.rangeClosed(1, count).forEach(n -> {
            outbox.add(key, OutboxEntity.Kind.DECISION, ContractJson.toJson(change(n)), clock.instant());
            outbox.add(key, OutboxEntity.Kind.THREAD_CONTROL, ContractJson.toJson(control(n)), clock.instant());
        }));
        // A second replica's relay: its own process, so nothing in memory keeps it from the first one's work.
        OutboxRelay other = new OutboxRelay(outbox, publisher, config, clock, registry);

        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Boolean>> flushes = List.of(relay, other).stream()
                .map(r -> CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return r.flush(key);
                })).toList();
        start.countDown();
        for (CompletableFuture<Boolean> flush : flushes) {
            assertThat(flush.get()).isTrue();
        }

        List<Long> epochs = TopicReader.of(kafka, Topics.CONVERSATION_DECISIONS).awaitKey(key, count, WAIT).stream()
                .map(r -> ContractJson.fromJson(r.value(), Decision.class).epoch()).toList();
        assertThat(epochs).as("each decision once, in the order written")
                .containsExactlyElementsOf(IntStream.rangeClosed(1, count).mapToObj(n -> (long) n).toList());
        assertThatThrownBy(() -> TopicReader.of(kafka, Topics.CONVERSATION_DECISIONS).awaitKey(key, count + 1,
                Duration.ofSeconds(3))).isInstanceOf(AssertionError.class);
        List<ThreadControl> controls = TopicReader.of(kafka, Topics.THREAD_CONTROL).awaitKey(key, 1, WAIT).stream()
                .map(r -> ContractJson.fromJson(r.value(), ThreadControl.class)).toList();
        assertThat(controls.get(controls.size() - 1).epoch()).as("the newest owner is the last word")
                .isEqualTo(count);
        assertThat(controls).extracting(ThreadControl::epoch).isSorted();
    }

    @Test
    void aRecordThatCanNeverBePublishedIsParkedAndTheConversationGoesOn() {
        double parked = OutcomeCounters.count(registry, "handover.outbox.publish", "parked");
        QuarkusTransaction.requiringNew().run(() -> {
            outbox.add(key, OutboxEntity.Kind.DECISION, "{not a decision", clock.instant());
            outbox.add(key, OutboxEntity.Kind.DECISION, ContractJson.toJson(change(1)), clock.instant());
        });

        assertThat(relay.flush(key)).isTrue();

        assertThat(TopicReader.of(kafka, Topics.CONVERSATION_DECISIONS).awaitKey(key, 1, WAIT)).hasSize(1);
        assertThat(OutcomeCounters.count(registry, "handover.outbox.publish", "parked")).isEqualTo(parked + 1);
        assertThat(QuarkusTransaction.requiringNew().call(() -> outbox.unpublished(key))).isEmpty();
    }

    @Test
    void aTransientBrokerFailureIsRetriedNotParked() {
        AtomicInteger failures = new AtomicInteger(1);
        DecisionPublisher flaky = new DecisionPublisher(null, null) {
            @Override
            public Uni<Void> publish(Decision decision) {
                return failures.getAndDecrement() > 0
                        ? Uni.createFrom().failure(new org.apache.kafka.common.errors.TimeoutException("broker away"))
                        : publisher.publish(decision);
            }

            @Override
            public Uni<Void> publish(ThreadControl control) {
                return publisher.publish(control);
            }
        };
        OutboxRelay relayOverFlakyBroker = new OutboxRelay(outbox, flaky, config, clock, registry);
        QuarkusTransaction.requiringNew().run(
                () -> outbox.add(key, OutboxEntity.Kind.DECISION, ContractJson.toJson(change(1)), clock.instant()));

        assertThat(relayOverFlakyBroker.flush(key)).as("not acknowledged: left for the next flush").isFalse();
        assertThat(QuarkusTransaction.requiringNew().call(() -> outbox.unpublished(key))).hasSize(1);

        await().atMost(WAIT).until(() -> relayOverFlakyBroker.flush(key));
        assertThat(TopicReader.of(kafka, Topics.CONVERSATION_DECISIONS).awaitKey(key, 1, WAIT)).hasSize(1);
    }

    @Test
    void theSweepMeasuresWhatWaitsInTheOutboxForItsGauges() {
        // A relay of its own, over a broker that never acknowledges, with a registry of its own: what it measures is
        // read from its gauges, as a scrape would.
        DecisionPublisher away = new DecisionPublisher(null, null) {
            @Override
            public Uni<Void> publish(Decision decision) {
                return Uni.createFrom().failure(new org.apache.kafka.common.errors.TimeoutException("broker away"));
            }

            @Override
            public Uni<Void> publish(ThreadControl control) {
                return Uni.createFrom().failure(new org.apache.kafka.common.errors.TimeoutException("broker away"));
            }
        };
        SimpleMeterRegistry scraped = new SimpleMeterRegistry();
        // Its clock runs 90 s ahead: the records written now are 90 s old to it. (The app's own sweeper leaves them
        // alone for handover.outbox-sweep-after, 2 s here, far longer than this test needs to measure them.)
        OutboxRelay measuring = new OutboxRelay(outbox, away, config, Clock.offset(clock, Duration.ofSeconds(90)),
                scraped);
        assertThat(gauge(scraped, "handover.outbox.waiting")).as("nothing measured before a sweep").isZero();

        Instant written = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> {
            outbox.add(key, OutboxEntity.Kind.DECISION, ContractJson.toJson(change(1)), written);
            outbox.add(key, OutboxEntity.Kind.DECISION, ContractJson.toJson(change(2)), written);
        });
        String brokenKey = key + "-broken";
        QuarkusTransaction.requiringNew().run(
                () -> outbox.add(brokenKey, OutboxEntity.Kind.DECISION, "{not a decision", clock.instant()));
        assertThat(relay.flush(brokenKey)).isTrue();

        measuring.sweep();
        double waiting = gauge(scraped, "handover.outbox.waiting");
        assertThat(waiting).as("our two records wait (the broker never acknowledged)").isGreaterThanOrEqualTo(2);
        assertThat(gauge(scraped, "handover.outbox.oldest.seconds")).as("the oldest waits since it was written")
                .isGreaterThanOrEqualTo(90);
        assertThat(gauge(scraped, "handover.outbox.parked")).isGreaterThanOrEqualTo(1);

        // Published by a relay that reaches the broker: the next sweep no longer counts them.
        assertThat(relay.flush(key)).isTrue();
        measuring.sweep();
        assertThat(gauge(scraped, "handover.outbox.waiting")).isLessThanOrEqualTo(waiting - 2);
    }

    private static double gauge(MeterRegistry registry, String name) {
        return registry.get(name).gauge().value();
    }

    private Decision change(long epoch) {
        return new Decision(1, key + ":c#" + epoch, DecisionType.CONTROL_CHANGE, PAGE, psid, epoch,
                Instant.parse("2026-11-25T09:00:00Z"), "cause-" + epoch,
                new ControlChange(epoch % 2 == 0 ? Owner.BOT : Owner.AGENT, "1", Owner.BOT, "test"), null);
    }

    private ThreadControl control(long epoch) {
        return new ThreadControl(1, PAGE, psid, epoch % 2 == 0 ? Owner.BOT : Owner.AGENT, "1", epoch,
                Instant.parse("2026-11-25T09:00:00Z"), "cause-" + epoch);
    }
}
