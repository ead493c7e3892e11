package org.handover.handover.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.handover.contracts.EventClass;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.OutboundReasons;
import org.handover.contracts.OutboundResult;
import org.handover.handover.config.HandoverConfig;
import org.handover.handover.domain.ConversationState;
import org.handover.handover.domain.Effect;
import org.handover.handover.domain.HandoverStateMachine;
import org.handover.handover.domain.InboundStep;
import org.handover.handover.domain.PageSettings;
import org.handover.handover.domain.PendingPass;
import org.handover.handover.domain.Step;
import org.handover.handover.domain.StepFact;
import org.handover.handover.domain.TransitionRecord;
import org.handover.handover.port.MetaGraphPort;
import org.handover.handover.repository.ConversationRepository;
import org.handover.handover.repository.ConversationStepRepository;
import org.handover.handover.repository.ConversationWordsRepository;
import org.handover.handover.repository.PageSettingsRepository;
import org.handover.handover.repository.ProcessedEventRepository;
import org.handover.handover.repository.TransitionRepository;
import org.jboss.logging.Logger;

/**
 * Runs the {@link HandoverStateMachine} against the database and the Graph API: each input is applied in one
 * transaction that locks the conversation, records the event id (so a duplicate changes nothing) and records the
 * step ({@link StepRecorder}: new state, history, decisions into the outbox); the outbox is published once the
 * transaction committed ({@link OutboxRelay}). Graph API calls never run inside a transaction: their answers come back as further inputs.
 */
@ApplicationScoped
public class ConversationService {

    private static final Logger LOG = Logger.getLogger(ConversationService.class);

    /** How often an owner read ({@code GET thread_owner}) is made again when the owner changed while it was read. */
    private static final int OWNER_READS = 3;

    /** The metadata of {@code take_thread_control} after the page's idle timeout. */
    static final String IDLE_METADATA = "Idle timeout: the bot takes the conversation back";

    /** The metadata of {@code take_thread_control} after an agent's no-show. */
    static final String NO_SHOW_METADATA = "No agent answered in time: the bot takes the conversation back";

    /** The metadata of {@code take_thread_control} when the page admin gives the conversation back. */
    static final String ADMIN_METADATA = "The page admin gave the conversation back to the bot";

    private final ConversationRepository conversations;
    private final PageSettingsRepository pages;
    private final ProcessedEventRepository processed;
    private final TransitionRepository transitions;
    private final StepRecorder recorder;
    private final OutboxRelay relay;
    private final MetaGraphPort graph;
    private final HandoverConfig config;
    private final Clock clock;
    private final MeterRegistry registry;
    private final HandoverStateMachine machine;
    private final String ourAppId;
    private final ConversationStepRepository steps;
    private final AgentContextService agentContext;
    private final PageHealthService health;
    private final ConversationWordsRepository words;

    public ConversationService(ConversationRepository conversations, PageSettingsRepository pages,
            ProcessedEventRepository processed, TransitionRepository transitions, StepRecorder recorder,
            OutboxRelay relay, MetaGraphPort graph, HandoverConfig config, Clock clock, MeterRegistry registry,
            @ConfigProperty(name = "messenger.app-id") String ourAppId, ConversationStepRepository steps,
            AgentContextService agentContext, PageHealthService health, ConversationWordsRepository words) {
        this.conversations = conversations;
        this.pages = pages;
        this.processed = processed;
        this.transitions = transitions;
        this.recorder = recorder;
        this.relay = relay;
        this.graph = graph;
        this.config = config;
        this.clock = clock;
        this.registry = registry;
        this.ourAppId = ourAppId;
        this.steps = steps;
        this.agentContext = agentContext;
        this.health = health;
        this.words = words;
        this.machine = new HandoverStateMachine(ourAppId, config.confirmationBound(), config.passMaxAttempts(),
                config.passRetryDelay(), config.takeBackBackoff(), config.takeBackMaxBackoff());
    }

    /**
     * Applies one classified event. Returns false when the event was already processed (a duplicate), in which case
     * nothing changes, but whatever the first delivery left unpublished is published now.
     *
     * <p>The common event costs one transaction (lock, event id, step, analytics fact, outbox), then the outbox's
     * publish when it wrote records. An event that reveals a drift makes the state machine ask for the thread's owner
     * first: that transaction is rolled back, Meta is asked outside any transaction, and the event is applied again
     * with the answer. An {@link HandoverStateMachine#isInert inert} event (delivery, read, our own echo, unknown)
     * costs nothing at all: it would change nothing, so it needs no dedupe either.
     */
    public boolean onInbound(InboundEvent event) {
        if (event.psid() == null) {
            // Page-level events (app_roles) concern no conversation: recorded once, counted.
            boolean first = QuarkusTransaction.requiringNew()
                    .call(() -> processed.markProcessed(event.eventId(), event.key(), clock.instant()));
            count("page_level");
            return first;
        }
        if (HandoverStateMachine.isInert(event)) {
            count(HandoverStateMachine.inertOutcome(event));
            return true;
        }
        InboundStep.OwnerAnswer owner = InboundStep.OwnerAnswer.NOT_READ;
        long readAtEpoch = -1;
        for (int reads = 0;;) {
            Applied applied = applyInbound(event, owner, readAtEpoch);
            switch (applied.kind()) {
                case DUPLICATE -> {
                    // A duplicate flushes too: its first delivery may have died before publishing what it wrote.
                    relay.flush(event.key());
                    count("duplicate");
                    return false;
                }
                case READ_OWNER -> {
                    // An owner read older than a change of owner committed meanwhile is dropped and read again;
                    // after OWNER_READS the event is applied with what we know.
                    if (reads++ == OWNER_READS) {
                        owner = InboundStep.OwnerAnswer.UNKNOWN;
                        continue;
                    }
                    readAtEpoch = applied.epoch();
                    if (reads == 1) {
                        // What the drift shows of the page's setup (a standby message in a conversation the bot has
                        // held since it began: our app is not the page's default app), from the state just locked.
                        health.observe(event, applied.before());
                    }
                    MetaGraphPort.OwnerLookup lookup = graph.threadOwner(event.pageId(), event.psid());
                    registry.counter("handover.drift.checks", "known", Boolean.toString(lookup.known())).increment();
                    owner = lookup.known() ? InboundStep.OwnerAnswer.of(lookup.appId())
                            : InboundStep.OwnerAnswer.UNKNOWN;
                }
                case OUTDATED -> {
                    count("owner_read_outdated");
                    owner = InboundStep.OwnerAnswer.NOT_READ;
                }
                case DONE -> {
                    if (applied.wrote()) {
                        relay.flush(event.key());
                    }
                    if (applied.claimed() != null) {
                        // Nothing to wait for (an inbox request with no order in flight): the pass was due and
                        // claimed at once.
                        pass(event.pageId(), event.psid(), applied.claimed());
                    }
                    return true;
                }
            }
        }
    }

    /**
     * What one attempt at applying an inbound event came to: recorded ({@code wrote}: it wrote outbox records;
     * {@code claimed}: a pending pass it made due at once, claimed in the same transaction, to be called after the
     * commit), a duplicate, the owner to be read first (at {@code epoch}), or an owner answer outdated by a change of
     * owner committed while Meta was asked.
     */
    private record Applied(Kind kind, long epoch, boolean wrote, PendingPass claimed, ConversationState before) {
        enum Kind {
            DONE, DUPLICATE, READ_OWNER, OUTDATED
        }

        static final Applied DUPLICATE = new Applied(Kind.DUPLICATE, -1, false, null, null);
        static final Applied OUTDATED = new Applied(Kind.OUTDATED, -1, false, null, null);
    }

    /**
     * Applies {@code event} in one transaction: locks the conversation, records the event id, and records the state
     * machine's step. When the machine asks for the owner first, the transaction is rolled back (the event id with
     * it). An answer of Meta ({@code owner}, read while the conversation was at {@code readAtEpoch}) is applied only if
     * that epoch is still the conversation's.
     */
    private Applied applyInbound(InboundEvent event, InboundStep.OwnerAnswer owner, long readAtEpoch) {
        try {
            return applyInboundOnce(event, owner, readAtEpoch);
        } catch (ReadOwnerFirst read) {
            return new Applied(Applied.Kind.READ_OWNER, read.before == null ? 0 : read.before.epoch(), false, null,
                    read.before);
        }
    }

    /** Thrown to roll back the transaction of an event that must wait for an owner read. */
    private static final class ReadOwnerFirst extends RuntimeException {
        /** The conversation as it was locked; null when the rolled-back transaction had created it. */
        final transient ConversationState before;

        ReadOwnerFirst(ConversationState before) {
            super("the thread's owner must be read first", null, false, false);
            this.before = before;
        }
    }

    private Applied applyInboundOnce(InboundEvent event, InboundStep.OwnerAnswer owner, long readAtEpoch) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            ConversationRepository.Locked locked = conversations.lockOrCreate(event.pageId(), event.psid(), ourAppId,
                    now);
            ConversationState state = locked.state();
            if (owner.known() && state.epoch() != readAtEpoch) {
                return Applied.OUTDATED;
            }
            if (!processed.markProcessed(event.eventId(), event.key(), now)) {
                return Applied.DUPLICATE;
            }
            PageSettings page = pages.findOrDefaults(event.pageId());
            InboundStep step = machine.onInbound(state, page, event, owner, now);
            if (step.readOwnerFirst()) {
                throw new ReadOwnerFirst(locked.created() ? null : state);
            }
            if (step.reconciliation() != null) {
                apply(step.reconciliation(), event.eventId(), now);
            }
            Step result = step.step();
            apply(result, event.eventId(), now);
            // What the event came to, for the analytics and the agent's context: once, as the event id above.
            StepFact.of(event, result.outcome(), now)
                    .ifPresent(fact -> steps.record(event.pageId(), event.psid(), fact, now));
            // The start of what the user typed, for the agent's context: only where the page's admin shares it.
            if (page.shareUserWords() && event.eventClass() == EventClass.FREE_TEXT && event.userText() != null
                    && event.psid() != null) {
                words.keep(event.pageId(), event.psid(), event.eventId(), event.userText(), event.occurredAt(), now);
            }
            PendingPass pending = result.state().pendingPass();
            boolean dueNow = pending != null && pending.awaitedDecisionId() == null
                    && result.state() != state && pending.claimable(now);
            boolean wrote = wroteRecords(step.effects());
            return new Applied(Applied.Kind.DONE, state.epoch(), wrote, dueNow ? claim(result.state(), null, now)
                    : null, null);
        });
    }

    /**
     * Acts on what bot-service did with an order (sent, refused or failed): the conversation's last order is no
     * longer outstanding, a pending pass that awaited it goes ahead (an accepted handover's confirmation, or the
     * bot's last word before an honoured inbox request), and a Send API ownership error means our idea of the owner
     * drifted.
     */
    public void onOutbound(OutboundResult result) {
        boolean drift = OutboundReasons.THREAD_OWNED_BY_ANOTHER_APP.equals(result.reason());
        record Reported(PendingPass claimed, long epoch) {
        }
        Reported reported = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            Optional<ConversationState> found = conversations.lockExisting(result.pageId(), result.psid());
            if (found.isEmpty()) {
                return new Reported(null, 0);
            }
            Step step = machine.onOrderReported(found.get(), result.decisionId());
            if (step.state() != found.get()) {
                conversations.save(step.state(), now);
            }
            count(step.outcome());
            return new Reported(claim(step.state(), result.decisionId(), now), step.state().epoch());
        });
        if (reported.claimed() != null) {
            pass(result.pageId(), result.psid(), reported.claimed());
        }
        if (drift) {
            // The epoch read above is the reconciliation's first (a pass in between moves it: then read again).
            reconcile(result.pageId(), result.psid(), result.decisionId(),
                    reported.claimed() == null ? reported.epoch() : -1);
        }
    }

    /**
     * The pass timer's work on this replica: claims up to {@code limit} pending passes whose awaited order was not
     * reported by their deadline (or whose call failed and is due again), earliest due first, skipping rows another
     * replica holds, and calls {@code pass_thread_control} for each. Returns how many were claimed.
     */
    public int passDueHandovers(int limit) {
        List<ConversationState> claimed = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            List<ConversationState> mine = new ArrayList<>();
            for (ConversationState state : conversations.lockDuePendingPasses(now, limit)) {
                PendingPass claim = claim(state, null, now);
                if (claim != null) {
                    mine.add(state.withPendingPass(claim));
                }
            }
            return mine;
        });
        for (ConversationState state : claimed) {
            try {
                pass(state.pageId(), state.psid(), state.pendingPass());
            } catch (RuntimeException e) {
                LOG.warnf("A due pass of control on page %s failed (%s); tried again once its claim ends",
                        state.pageId(), e.getClass().getSimpleName());
            }
        }
        return claimed.size();
    }

    /**
     * Claims the pending pass of {@code state} (locked by the caller) if it may go ahead at {@code now}: when
     * {@code reportedDecisionId} is given, only if the pass awaits that order; when {@code null} (the timer), only
     * once its deadline has come. Returns the claim, or {@code null}.
     */
    private PendingPass claim(ConversationState state, String reportedDecisionId, Instant now) {
        PendingPass pass = state.pendingPass();
        if (pass == null || !pass.claimable(now)) {
            return null;
        }
        boolean released = reportedDecisionId != null ? reportedDecisionId.equals(pass.awaitedDecisionId())
                : pass.deadline() == null || !pass.deadline().isAfter(now);
        if (!released) {
            return null;
        }
        PendingPass claim = pass.claimed(now.plus(config.passClaim()));
        conversations.save(state.withPendingPass(claim), now);
        return claim;
    }

    /**
     * Carries out a claimed pending pass: {@code pass_thread_control} to the agent's app, or for a take-back
     * {@code take_thread_control}, and records what the state machine makes of the answer (success, another try
     * later, given up). Returns Meta's answer.
     */
    private MetaGraphPort.Result pass(String pageId, String psid, PendingPass claimed) {
        // The agent's context (why the conversation comes, the guided options it went through, the page) is read
        // before the call, so that calledAt is the moment of the call itself.
        String metadata = claimed.takesBack() ? null : agentContext.metadata(pageId, psid, claimed);
        // Meta carries the call out after we make it: whatever it reports as earlier than this is reflected already
        // (the moment it answers would be too late: an agent's "done" can come in between)
        Instant calledAt = clock.instant();
        MetaGraphPort.Result result;
        if (claimed.takesBack()) {
            result = graph.takeThreadControl(pageId, psid, switch (claimed.reason()) {
                case IDLE_TIMEOUT -> IDLE_METADATA;
                case NO_SHOW -> NO_SHOW_METADATA;
                default -> ADMIN_METADATA;
            });
            registry.counter("handover.graph.take", "result", result.name().toLowerCase()).increment();
        } else {
            result = graph.passThreadControl(pageId, psid, claimed.targetAppId(), metadata);
            registry.counter("handover.graph.pass", "result", result.name().toLowerCase()).increment();
        }
        record Answered(long driftEpoch, boolean wrote) {
        }
        Answered answered = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            ConversationState state = conversations.lock(pageId, psid, ourAppId, now);
            PendingPass pass = state.pendingPass();
            if (pass == null || !Objects.equals(pass.awaitedDecisionId(), claimed.awaitedDecisionId())
                    || !Objects.equals(pass.causeEventId(), claimed.causeEventId())) {
                // The owner changed meanwhile (the agent gave the thread back, a drift was reconciled): the pass
                // was dropped with it, and what Meta answered is older than what we know.
                count("pass_outdated");
                return new Answered(-1, false);
            }
            PageSettings page = pages.findOrDefaults(pageId);
            Step step = switch (result) {
                case OK -> machine.onPassSucceeded(state, pass, page, calledAt);
                case TEMPORARY_FAILURE -> machine.onPassFailed(state, pass, HandoverStateMachine.PassFailure.TEMPORARY,
                        page, now);
                case PERMANENT_FAILURE -> machine.onPassFailed(state, pass, HandoverStateMachine.PassFailure.REFUSED,
                        page, now);
                case OWNED_BY_ANOTHER_APP -> machine.onPassFailed(state, pass,
                        HandoverStateMachine.PassFailure.OWNED_BY_ANOTHER_APP, page, now);
            };
            if (result != MetaGraphPort.Result.OK && step.state().pendingPass() == null) {
                LOG.warnf("%s of a conversation on page %s (%s) ended after %d failed calls: %s",
                        pass.takesBack() ? "Take-back" : "Pass", pageId, pass.reason(), pass.attempts() + 1,
                        step.outcome());
            }
            apply(step, pass.causeEventId(), now);
            // Another app holds the thread: the owner is read next, from the epoch recorded now.
            return new Answered(result == MetaGraphPort.Result.OWNED_BY_ANOTHER_APP ? step.state().epoch() : -1,
                    wroteRecords(step.effects()));
        });
        if (answered.wrote()) {
            relay.flush(pageId + ":" + psid);
        }
        if (answered.driftEpoch() >= 0) {
            reconcile(pageId, psid, claimed.causeEventId(), answered.driftEpoch());
        }
        return result;
    }

    /**
     * Reads the thread's real owner from Meta and records it if it differs from ours. The answer is applied only if
     * the conversation's epoch is still the one read before the call: a change of owner committed meanwhile (an
     * agent's "done") is newer than the answer, which is read again ({@link #OWNER_READS} times at most, then
     * dropped: the next user message checks again).
     */
    public void reconcile(String pageId, String psid, String causeId) {
        reconcile(pageId, psid, causeId, -1);
    }

    /**
     * {@link #reconcile(String, String, String)} when the caller read the conversation's epoch already, in the
     * transaction it just committed ({@code knownEpoch}; -1 when not): the first read needs no transaction of its own.
     */
    private void reconcile(String pageId, String psid, String causeId, long knownEpoch) {
        for (int read = 1; read <= OWNER_READS; read++) {
            long epoch = read == 1 && knownEpoch >= 0 ? knownEpoch : QuarkusTransaction.requiringNew()
                    .call(() -> conversations.find(pageId, psid).map(ConversationState::epoch).orElse(0L));
            MetaGraphPort.OwnerLookup owner = graph.threadOwner(pageId, psid);
            registry.counter("handover.drift.checks", "known", Boolean.toString(owner.known())).increment();
            if (!owner.known()) {
                return;
            }
            boolean applied = QuarkusTransaction.requiringNew().call(() -> {
                Instant now = clock.instant();
                ConversationState state = conversations.lock(pageId, psid, ourAppId, now);
                if (state.epoch() != epoch) {
                    count("owner_read_outdated");
                    return false;
                }
                apply(machine.onOwnerLearned(state, owner.appId(), causeId, null), causeId, now);
                return true;
            });
            if (applied) {
                relay.flush(pageId + ":" + psid);
                return;
            }
        }
        LOG.infof("Drift reconciliation on page %s dropped: the owner kept changing while Meta was asked", pageId);
        count("reconcile_dropped");
    }

    /**
     * The idle timer's work on this replica: claims up to {@code limit} agent-held conversations past their page's
     * idle timeout, the longest overdue first, skipping rows another replica holds. Under each row's lock the state
     * machine decides ({@link HandoverStateMachine#onIdleExpired}: activity meanwhile, a given-up take-back's wait); a
     * take-back it decides is a pending pass like any other, claimed at once and carried out by {@link #pass}
     * ({@code take_thread_control}), its failures decided by the machine and retried by the pass timer. Returns how
     * many were claimed.
     */
    public int takeBackIdle(int limit) {
        List<ConversationState> claimed = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            List<ConversationState> mine = new ArrayList<>();
            for (ConversationState state : conversations.lockIdleTakeBacks(now, limit)) {
                Step step = machine.onIdleExpired(state, pages.findOrDefaults(state.pageId()), now);
                if (step.state().pendingPass() == null) {
                    count(step.outcome());
                    continue;
                }
                apply(step, step.state().pendingPass().causeEventId(), now);
                PendingPass claim = claim(step.state(), null, now);
                if (claim != null) {
                    mine.add(step.state().withPendingPass(claim));
                }
            }
            return mine;
        });
        for (ConversationState state : claimed) {
            try {
                pass(state.pageId(), state.psid(), state.pendingPass());
            } catch (RuntimeException e) {
                LOG.warnf("Taking back an idle conversation on page %s failed (%s); tried again once its claim ends",
                        state.pageId(), e.getClass().getSimpleName());
            }
        }
        return claimed.size();
    }

    /**
     * Gives an agent-held conversation back to the bot, as the page admin asked on the settings page: a take-back
     * decided by the state machine ({@link HandoverStateMachine#onGiveBackRequested}), persisted as a pending pass and
     * carried out at once by the same path as every other ({@code take_thread_control}; on success epoch + 1,
     * history, decisions published, "bot is back"); a temporary failure is tried again by the pass timer. Empty when
     * the conversation is not held by an agent (unknown, or the bot's already); otherwise what the call came to
     * ({@code OWNED_BY_ANOTHER_APP}: our idea of the owner drifted and was reconciled; {@code TEMPORARY_FAILURE} also
     * when a take-back is under way already, by this or another replica).
     */
    public Optional<MetaGraphPort.Result> giveBackToBot(String pageId, String psid) {
        Optional<PendingPass> claimed = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            Optional<ConversationState> found = conversations.lockExisting(pageId, psid);
            if (found.isEmpty()) {
                return null;
            }
            Step step = machine.onGiveBackRequested(found.get(), now);
            if (step.state().pendingPass() == null) {
                count(step.outcome());
                return null;
            }
            if (step.state() != found.get()) {
                apply(step, step.state().pendingPass().causeEventId(), now);
            } else {
                count(step.outcome());
            }
            return Optional.ofNullable(claim(step.state(), null, now));
        });
        if (claimed == null) {
            return Optional.empty();
        }
        return Optional.of(claimed.isPresent() ? pass(pageId, psid, claimed.get())
                : MetaGraphPort.Result.TEMPORARY_FAILURE);
    }

    /** Whether {@code effects} put records into the outbox (orders, changes of owner). */
    private static boolean wroteRecords(List<Effect> effects) {
        return effects.stream().anyMatch(e -> e instanceof Effect.Order || e instanceof Effect.Transition);
    }

    /** Stores a step's state and history and writes its decisions to the outbox. Inside the caller's transaction. */
    private void apply(Step step, String causeId, Instant now) {
        recorder.record(step, causeId, now);
    }

    private void count(String outcome) {
        recorder.count(outcome);
    }

    /** The conversation's state, for the admin API. */
    public Optional<ConversationState> find(String pageId, String psid) {
        return QuarkusTransaction.requiringNew().call(() -> conversations.find(pageId, psid));
    }

    /** Every change of the conversation's owner, oldest first, for the admin API. */
    public List<TransitionRecord> history(String pageId, String psid) {
        return QuarkusTransaction.requiringNew().call(() -> transitions.history(pageId, psid));
    }

    /** At most {@code limit} conversations of {@code pageId} an agent holds now, longest held first. */
    public List<ConversationState> agentHeld(String pageId, int limit) {
        return QuarkusTransaction.requiringNew().call(() -> conversations.agentHeld(pageId, limit));
    }
}
