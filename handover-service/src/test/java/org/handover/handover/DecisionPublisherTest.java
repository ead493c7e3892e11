package org.handover.handover;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.handover.contracts.ContractJson;
import org.handover.contracts.ControlChange;
import org.handover.contracts.Decision;
import org.handover.contracts.DecisionType;
import org.handover.contracts.Messenger;
import org.handover.contracts.OrderKind;
import org.handover.contracts.Owner;
import org.handover.contracts.QuickReply;
import org.handover.contracts.ReplyOrder;
import org.handover.contracts.ThreadControl;
import org.handover.contracts.Topics;
import org.handover.handover.messaging.DecisionPublisher;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.TopicReader;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
class DecisionPublisherTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    DecisionPublisher publisher;

    @Test
    void writesOrdersAndControlChangesOnOneOrderedStreamPerConversation() {
        String psid = "user-" + UUID.randomUUID();
        Instant at = Instant.parse("2026-11-25T09:00:00Z");
        Decision ask = new Decision(1, "d-1", DecisionType.REPLY_ORDER, "PAGE1", psid, 3, at, "m_1", null,
                new ReplyOrder(OrderKind.ASK_HANDOVER, null, "Talk to a person?",
                        List.of(new QuickReply("Yes", Messenger.HANDOVER_ACCEPT_PAYLOAD),
                                new QuickReply("No", Messenger.HANDOVER_REJECT_PAYLOAD)), at));
        Decision pass = new Decision(1, "d-2", DecisionType.CONTROL_CHANGE, "PAGE1", psid, 4, at, "m_2",
                new ControlChange(Owner.AGENT, "263902037430900", Owner.BOT, "user_accepted"), null);

        publisher.publish(ask).await().atMost(WAIT);
        publisher.publish(pass).await().atMost(WAIT);

        var records = TopicReader.of(kafka, Topics.CONVERSATION_DECISIONS).awaitKey("PAGE1:" + psid, 2, WAIT);
        assertThat(records).extracting(r -> ContractJson.fromJson(r.value(), Decision.class)).containsExactly(ask, pass);
    }

    @Test
    void writesTheLatestOwnerKeyedByConversation() {
        String psid = "user-" + UUID.randomUUID();
        ThreadControl control = new ThreadControl(1, "PAGE1", psid, Owner.BOT, "1111", 5,
                Instant.parse("2026-11-25T09:00:00Z"), "h_1");

        publisher.publish(control).await().atMost(WAIT);

        var record = TopicReader.of(kafka, Topics.THREAD_CONTROL).awaitKey("PAGE1:" + psid, 1, WAIT).get(0);
        assertThat(ContractJson.fromJson(record.value(), ThreadControl.class)).isEqualTo(control);
    }
}
