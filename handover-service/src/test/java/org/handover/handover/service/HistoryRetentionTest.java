package org.handover.handover.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.handover.contracts.EventClass;
import org.handover.contracts.Messenger;
import org.handover.contracts.Owner;
import org.handover.handover.domain.StepFact;
import org.handover.handover.domain.TransitionRecord;
import org.handover.handover.repository.ConversationStepRepository;
import org.handover.handover.repository.ConversationWordsRepository;
import org.handover.handover.repository.RetentionRepository.Table;
import org.handover.handover.repository.TransitionRepository;
import org.handover.handover.ui.EmulatorResource;
import org.handover.service.support.jdbc.Sql;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.junit.jupiter.api.Test;

/**
 * The history's retention ({@link HistoryRetention}) against the real PostgreSQL: rows of {@code conversation_step}
 * and {@code control_transition} recorded before the age are deleted, newer ones kept, oldest first in bounded
 * batches, counted in {@code handover.retention.deleted{table}}. Pages of this test only (prefix 98). Same test
 * resources as the settings page's tests: one Quarkus start.
 */
@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
@WithTestResource(EmulatorResource.class)
class HistoryRetentionTest {

    @Inject
    HistoryRetention retention;

    @Inject
    ConversationStepRepository steps;

    @Inject
    TransitionRepository transitions;

    @Inject
    Sql sql;

    @Inject
    ConversationWordsRepository words;

    @Inject
    MeterRegistry registry;

    private static String newPage() {
        return "98" + String.format("%013d", Math.abs(UUID.randomUUID().getLeastSignificantBits() % 10_000_000_000_000L));
    }

    @Test
    void deletesTheOldestRowsFirstInBoundedBatchesAndKeepsTheNewerOnes() {
        String page = newPage();
        // Long before anything another test records: only this test's rows are that old.
        Instant old = Instant.parse("2001-03-01T10:00:00Z");
        for (int i = 0; i < 5; i++) {
            step(page, "u" + i, old.plus(Duration.ofMinutes(i)));
        }
        step(page, "recent", Instant.now());
        double before = deleted(Table.CONVERSATION_STEP);

        long first = retention.purge(Table.CONVERSATION_STEP, old.plus(Duration.ofDays(1)), 2, 2);

        assertThat(first).as("two batches of two").isEqualTo(4);
        assertThat(psids(page, "conversation_step")).as("the newest old row waits for the next run")
                .containsExactlyInAnyOrder("u4", "recent");
        assertThat(retention.purge(Table.CONVERSATION_STEP, old.plus(Duration.ofDays(1)), 2, 2)).isEqualTo(1);
        assertThat(retention.purge(Table.CONVERSATION_STEP, old.plus(Duration.ofDays(1)), 2, 2)).isZero();
        assertThat(psids(page, "conversation_step")).containsExactly("recent");
        assertThat(deleted(Table.CONVERSATION_STEP) - before).isEqualTo(5.0);
    }

    @Test
    void aRunDeletesBothTablesRowsOlderThanTheConfiguredDaysOnly() {
        String page = newPage();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant past = now.minus(Duration.ofDays(401));
        Instant within = now.minus(Duration.ofDays(399));
        step(page, "gone", past);
        step(page, "kept", within);
        transition(page, "gone", past);
        transition(page, "kept", within);
        double stepsBefore = deleted(Table.CONVERSATION_STEP);
        double transitionsBefore = deleted(Table.CONTROL_TRANSITION);

        HistoryRetention.Run run = retention.run();

        assertThat(run.before()).isBetween(now.minus(Duration.ofDays(400)), Instant.now().minus(Duration.ofDays(400)));
        assertThat(run.steps()).isEqualTo(1);
        assertThat(run.transitions()).isEqualTo(1);
        assertThat(psids(page, "conversation_step")).containsExactly("kept");
        assertThat(psids(page, "control_transition")).containsExactly("kept");
        assertThat(deleted(Table.CONVERSATION_STEP) - stepsBefore).isEqualTo(1.0);
        assertThat(deleted(Table.CONTROL_TRANSITION) - transitionsBefore).isEqualTo(1.0);
        assertThat(retention.run().total()).as("nothing more to delete").isZero();
    }

    @Test
    void theUsersWordsKeptForAgentsGoADayAfterTheyWereWritten() {
        String page = newPage();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        QuarkusTransaction.requiringNew().run(() -> {
            words.keep(page, "old", "e1", "written a day and an hour ago", now.minus(Duration.ofHours(25)),
                    now.minus(Duration.ofHours(25)));
            words.keep(page, "new", "e2", "written an hour ago", now.minus(Duration.ofHours(1)),
                    now.minus(Duration.ofHours(1)));
        });

        long deleted = retention.purgeWords(now.minus(ConversationWordsRepository.WORDS_KEPT), 1000, 1);

        assertThat(deleted).isGreaterThanOrEqualTo(1);
        assertThat(psids(page, "conversation_words")).containsExactly("new");
    }

    @Test
    void theCutoffIsTheConfiguredDaysBeforeNowAndZeroKeepsEverything() {
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        assertThat(HistoryRetention.cutoff(now, 0)).isEmpty();
        assertThat(HistoryRetention.cutoff(now, 400)).contains(Instant.parse("2025-10-28T10:00:00Z"));
    }

    private void step(String page, String psid, Instant at) {
        QuarkusTransaction.requiringNew().run(() -> steps.record(page, psid, new StepFact(page + psid + ":" + at,
                EventClass.FREE_TEXT, "message", StepFact.Actor.USER, "asked", null, at), at));
    }

    private void transition(String page, String psid, Instant at) {
        QuarkusTransaction.requiringNew().run(() -> transitions.record(page, psid, new TransitionRecord(Owner.BOT,
                Owner.AGENT, Messenger.PAGE_INBOX_APP_ID, 1, "user_accepted", page + psid + ":a", at, at)));
    }

    private List<String> psids(String page, String table) {
        return QuarkusTransaction.requiringNew().call(() -> sql.list(
                "select psid from " + table + " where page_id = ?", r -> r.string(1), page));
    }

    private double deleted(Table table) {
        return registry.counter("handover.retention.deleted", "table", table.sqlName()).count();
    }
}
