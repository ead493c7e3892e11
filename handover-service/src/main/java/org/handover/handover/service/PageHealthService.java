package org.handover.handover.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.handover.contracts.EventClass;
import org.handover.contracts.EventKinds;
import org.handover.contracts.InboundEvent;
import org.handover.contracts.Owner;
import org.handover.handover.domain.ConversationState;
import org.handover.handover.domain.PageProblem;
import org.handover.handover.domain.PageSettings;
import org.handover.handover.domain.SetupKind;
import org.handover.handover.port.PageSignals;
import org.handover.handover.repository.ConversationRepository;
import org.handover.handover.repository.PageHealthRepository;
import org.handover.handover.repository.PageSettingsRepository;
import org.jboss.logging.Logger;

/**
 * Finds out at run time that our app does not get a page's idle threads: it is not the page's default app
 * (Conversation Routing) or not its Primary Receiver (legacy roles). Activation cannot tell (Meta has no read of a
 * page's default app); Meta's answers afterwards can:
 * <ul>
 *   <li>{@code take_thread_control} refused with a permission error: only the default app (Primary Receiver) may
 *       take;</li>
 *   <li>"Handover Protocol APIs disabled for this page" in answer to any call;</li>
 *   <li>a user's message in {@code standby[]} in a conversation the bot has held since it began (epoch 0, no pass of
 *       ours pending): the thread went to another app without a pass of ours, which on Conversation Routing means
 *       that app is the default app (idle threads go to it; only it may take), and on legacy roles that another app
 *       is the Primary Receiver.</li>
 * </ul>
 * The finding is stored ({@code page_health}), so every replica's settings page shows it in red with what to change;
 * it is cleared when one of our {@code take_thread_control} calls succeeds (Meta lets only the default app take) or
 * when the page is activated again. Counter {@code handover.page.health{finding}}. Logs carry page ids only.
 */
@ApplicationScoped
public class PageHealthService implements PageSignals {

    private static final Logger LOG = Logger.getLogger(PageHealthService.class);
    private static final Set<String> USER_KINDS = Set.of(EventKinds.MESSAGE, EventKinds.POSTBACK);

    private final PageHealthRepository health;
    private final PageSettingsRepository settings;
    private final ConversationRepository conversations;
    private final Clock clock;
    private final MeterRegistry registry;

    public PageHealthService(PageHealthRepository health, PageSettingsRepository settings,
            ConversationRepository conversations, Clock clock, MeterRegistry registry) {
        this.health = health;
        this.settings = settings;
        this.conversations = conversations;
        this.clock = clock;
        this.registry = registry;
    }

    /** The page's standing finding, if any. */
    public Optional<PageProblem> problem(String pageId) {
        return QuarkusTransaction.joiningExisting().call(() -> health.notDefaultApp(pageId));
    }

    /** Every page's standing finding, by page id. */
    public Map<String, PageProblem> problems() {
        return QuarkusTransaction.joiningExisting().call(health::notDefaultApps);
    }

    /**
     * Looks at an inbound event before it is applied: a user's standby message in a conversation the bot has held
     * since it began shows that another app gets the page's threads.
     */
    public void observe(InboundEvent event) {
        if (!userStandby(event)) {
            return;
        }
        Optional<ConversationState> known;
        try {
            known = QuarkusTransaction.requiringNew().call(() -> conversations.find(event.pageId(), event.psid()));
        } catch (RuntimeException e) {
            // a finding is a courtesy to the page admin: it never holds up the event
            LOG.warnf("Page health of %s not checked: %s", event.pageId(), e.getClass().getSimpleName());
            return;
        }
        observe(event, known.orElse(null));
    }

    /**
     * {@link #observe(InboundEvent)} on the conversation as the caller read it before the event was applied
     * ({@code before}; null when it was never seen), so that the check costs no read of its own: handover's inbound
     * step passes the state it locked. Outside any transaction; a finding is recorded in one of its own.
     */
    public void observe(InboundEvent event, ConversationState before) {
        if (!userStandby(event) || before == null || before.owner() != Owner.BOT || before.epoch() != 0
                || before.pendingPass() != null) {
            return;
        }
        record(event.pageId(), "a user's message (user " + event.psid() + ") reached this app as standby in a "
                + "conversation the bot never passed on: Facebook gives the page's conversations to another app",
                null, "standby_without_pass");
    }

    /** Whether {@code event} is a user's message in {@code standby[]}, the only kind {@link #observe} looks at. */
    public static boolean userStandby(InboundEvent event) {
        return event.eventClass() == EventClass.STANDBY && event.psid() != null && USER_KINDS.contains(event.kind());
    }

    @Override
    public void takeRefused(String pageId, String detail) {
        record(pageId, "Facebook refused to let this app take a conversation back (only the "
                + (legacy(pageId) ? "Primary Receiver" : "page's default app") + " may)"
                + (detail == null ? "" : ": " + detail), null, "take_refused");
    }

    @Override
    public void handoverApisDisabled(String pageId, String operation) {
        record(pageId, "Facebook answered \"Handover Protocol APIs disabled for this page\" to " + operation, null,
                "handover_apis_disabled");
    }

    @Override
    public void tookBack(String pageId) {
        clear(pageId);
    }

    /** The page was activated again (the admin says the setup is right): the finding goes until Meta shows it again. */
    public void activated(String pageId) {
        clear(pageId);
    }

    /** The page admin's text for a finding: what is wrong and what to change on Facebook. */
    public static String advice(PageSettings page, PageProblem problem) {
        boolean legacy = page.setupKind() == SetupKind.LEGACY_ROLES;
        String other = problem.otherAppId() == null ? "" : " (Facebook named app " + problem.otherAppId() + ")";
        return legacy
                ? "This app is not the page's Primary Receiver" + other + ", so conversations do not reach the bot and "
                        + "it cannot take them back. Change it on Facebook: Page settings > Advanced messaging > "
                        + "app roles: make this app the Primary Receiver."
                : "This app is not the page's default app for Conversation Routing" + other + ", so new and idle "
                        + "conversations go to another app and the bot cannot take them back. Change it on Facebook: "
                        + "Meta Business Suite > Settings > Messaging > Conversation Routing (or the page's Advanced "
                        + "messaging settings): choose this app as the default app.";
    }

    private boolean legacy(String pageId) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> settings.findOrDefaults(pageId)).setupKind()
                    == SetupKind.LEGACY_ROLES;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void record(String pageId, String evidence, String otherAppId, String finding) {
        try {
            boolean fresh = QuarkusTransaction.requiringNew().call(
                    () -> health.recordNotDefaultApp(pageId, evidence, otherAppId, clock.instant()));
            registry.counter("handover.page.health", "finding", finding).increment();
            if (fresh) {
                LOG.warnf("Page %s: our app does not look like the page's default app / Primary Receiver (%s); the "
                        + "settings page says so", pageId, finding);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Page health of %s not recorded (%s): %s", pageId, finding, e.getClass().getSimpleName());
        }
    }

    private void clear(String pageId) {
        try {
            if (QuarkusTransaction.requiringNew().call(() -> health.clearNotDefaultApp(pageId, clock.instant()))) {
                registry.counter("handover.page.health", "finding", "cleared").increment();
                LOG.infof("Page %s: our app acts as the page's default app again; finding cleared", pageId);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Page health of %s not cleared: %s", pageId, e.getClass().getSimpleName());
        }
    }
}
