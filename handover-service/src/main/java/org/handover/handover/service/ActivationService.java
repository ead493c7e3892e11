package org.handover.handover.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.handover.handover.domain.PageSettings;
import org.handover.handover.domain.SetupKind;
import org.handover.handover.port.MetaGraphPort;
import org.handover.handover.port.MetaGraphPort.AppsLookup;
import org.handover.handover.repository.PageSettingsRepository;
import org.jboss.logging.Logger;

/**
 * Turns a page's handover on only when its setup on Facebook lets it work, and off on request.
 *
 * <p>The checks, by setup kind:
 * <ul>
 *   <li>any channel but Messenger is refused: the handover protocol exists only there;</li>
 *   <li>legacy roles: {@code GET secondary_receivers} must succeed (only the Primary Receiver may call it, so a
 *       permission error means this app is not the Primary Receiver), list at least one app, and list the target
 *       app;</li>
 *   <li>Conversation Routing: {@code GET subscribed_apps} must list our app and the target app. Meta offers no way
 *       to read which app is the page's default app: that part is the admin's responsibility, and a wrong choice is
 *       caught at runtime, where drift reconciliation ({@code thread_owner}) finds the real owner.</li>
 * </ul>
 * The Graph API is called outside any database transaction; the page is saved only when the checks pass, and only if
 * the settings they checked did not change meanwhile. A page that fails stays as it was (deactivated unless it
 * already was active).
 *
 * <p>When the {@link MetaGraphPort} did not look at the page's setup ({@link AppsLookup.Answer#NOT_CHECKED}: shadow
 * mode, {@code handover.shadow-mode}, never calls the Graph API), a Messenger page is activated without checking its
 * roles or connected apps, and the result says so ({@link #SHADOW_UNCHECKED}).
 */
@ApplicationScoped
public class ActivationService {

    /** The message a page admin sees when the legacy roles are wrong. */
    public static final String ROLES_ADVICE = "Double-check your app roles: this app must be the Primary Receiver, "
            + "and the Page Inbox (or your customer-service app) must be a Secondary Receiver.";
    public static final String MESSENGER_ONLY = "The handover protocol is only available for Facebook Messenger.";
    /** The reason of an activation in shadow mode, where the page's setup on Facebook is not checked. */
    public static final String SHADOW_UNCHECKED = "shadow_mode_roles_not_checked";

    private static final Logger LOG = Logger.getLogger(ActivationService.class);

    private final MetaGraphPort graph;
    private final PageSettingsRepository pages;
    private final Clock clock;
    private final String ourAppId;

    public ActivationService(MetaGraphPort graph, PageSettingsRepository pages, Clock clock,
            @ConfigProperty(name = "messenger.app-id") String ourAppId) {
        this.graph = graph;
        this.pages = pages;
        this.clock = clock;
        this.ourAppId = ourAppId;
    }

    /** How an activation ended. */
    public enum Outcome {
        /** Checks passed; the page is active. */
        ACTIVATED,
        /** The page's channel or settings make handover impossible (HTTP 422). */
        NOT_SUPPORTED,
        /** The page's setup on Facebook is wrong (HTTP 409). */
        SETUP_REFUSED,
        /** Facebook could not be asked (HTTP 503). */
        UNAVAILABLE
    }

    /**
     * The result of {@link #activate(String)}.
     *
     * @param outcome how it ended
     * @param reason machine-readable reason of a refusal ({@code not_primary_receiver}, ...); null when activated,
     *     except when the setup was not checked (shadow mode): {@link #SHADOW_UNCHECKED}
     * @param message what the page admin reads; null when activated, except when the setup was not checked
     * @param settings the page's settings after the attempt
     */
    public record Activation(Outcome outcome, String reason, String message, PageSettings settings) {
    }

    /** A refusal found by the checks: {@code outcome}, {@code reason}, {@code message}. */
    public record Refusal(Outcome outcome, String reason, String message) {
    }

    /**
     * What the checks came to.
     *
     * @param refusal the first check that failed; null when the page may be activated
     * @param setupChecked whether the page's setup on Facebook was looked at (false in shadow mode, or when the
     *     channel was refused before)
     */
    record Checked(Refusal refusal, boolean setupChecked) {
    }

    /** Runs the checks and activates the page when they pass. */
    public Activation activate(String pageId) {
        PageSettings checked = QuarkusTransaction.requiringNew().call(() -> pages.findOrDefaults(pageId));
        Checked result = check(checked);
        Refusal refusal = result.refusal();
        if (refusal != null) {
            LOG.infof("Handover activation of page %s refused: %s", pageId, refusal.reason());
            return new Activation(refusal.outcome(), refusal.reason(), refusal.message(), checked);
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            PageSettings current = pages.findOrDefaults(pageId);
            if (!sameSetup(checked, current)) {
                return new Activation(Outcome.SETUP_REFUSED, "settings_changed",
                        "The page's settings changed while they were being checked. Try again.", current);
            }
            PageSettings saved = pages.save(current.withHandoverActive(true, clock.instant()), clock.instant());
            if (!result.setupChecked()) {
                LOG.warnf("Handover activated for page %s (%s, target app %s) in SHADOW MODE: roles not checked",
                        pageId, saved.setupKind(), saved.targetAppId());
                return new Activation(Outcome.ACTIVATED, SHADOW_UNCHECKED,
                        "Activated in shadow mode: the page's roles and connected apps were not checked.", saved);
            }
            LOG.infof("Handover activated for page %s (%s, target app %s)", pageId, saved.setupKind(),
                    saved.targetAppId());
            return new Activation(Outcome.ACTIVATED, null, null, saved);
        });
    }

    /** Deactivates the page; conversations an agent holds stay with the agent until they come back. */
    public PageSettings deactivate(String pageId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            PageSettings current = pages.findOrDefaults(pageId);
            PageSettings saved = pages.save(current.withHandoverActive(false, clock.instant()), clock.instant());
            LOG.infof("Handover deactivated for page %s", pageId);
            return saved;
        });
    }

    /** The first check that fails, if any, and whether the page's setup was looked at. Asks the Graph API port. */
    Checked check(PageSettings settings) {
        if (!settings.channel().supportsHandover()) {
            return new Checked(new Refusal(Outcome.NOT_SUPPORTED, "channel_not_supported", MESSENGER_ONLY), false);
        }
        boolean legacy = settings.setupKind() == SetupKind.LEGACY_ROLES;
        String pageId = settings.pageId();
        AppsLookup apps = legacy ? graph.secondaryReceivers(pageId) : graph.subscribedApps(pageId);
        Refusal refusal = legacy ? checkLegacyRoles(settings.targetAppId(), apps)
                : checkConversationRouting(ourAppId, settings.targetAppId(), apps);
        return new Checked(refusal, apps.answer() != AppsLookup.Answer.NOT_CHECKED);
    }

    /**
     * Legacy roles: we must be the Primary Receiver (the call succeeds) and the target a Secondary Receiver. A
     * lookup that was {@linkplain AppsLookup.Answer#NOT_CHECKED not made} refuses nothing.
     */
    public static Refusal checkLegacyRoles(String targetAppId, AppsLookup secondaryReceivers) {
        if (secondaryReceivers.answer() == AppsLookup.Answer.NOT_CHECKED) {
            return null;
        }
        if (secondaryReceivers.answer() == AppsLookup.Answer.NO_PERMISSION) {
            return new Refusal(Outcome.SETUP_REFUSED, "not_primary_receiver",
                    "This app is not the Primary Receiver of the page. " + ROLES_ADVICE);
        }
        Refusal failure = graphFailure(secondaryReceivers);
        if (failure != null) {
            return failure;
        }
        if (secondaryReceivers.appIds().isEmpty()) {
            return new Refusal(Outcome.SETUP_REFUSED, "no_secondary_receiver",
                    "The page has no Secondary Receiver. " + ROLES_ADVICE);
        }
        if (!secondaryReceivers.contains(targetAppId)) {
            return new Refusal(Outcome.SETUP_REFUSED, "target_not_secondary_receiver",
                    "The target app " + targetAppId + " is not a Secondary Receiver of the page. " + ROLES_ADVICE
                            + " Or change the target app in the settings.");
        }
        return null;
    }

    /**
     * Conversation Routing: our app and the target app must both be subscribed to the page. A lookup that was
     * {@linkplain AppsLookup.Answer#NOT_CHECKED not made} refuses nothing.
     */
    public static Refusal checkConversationRouting(String ourAppId, String targetAppId, AppsLookup subscribed) {
        if (subscribed.answer() == AppsLookup.Answer.NOT_CHECKED) {
            return null;
        }
        if (subscribed.answer() == AppsLookup.Answer.NO_PERMISSION) {
            return new Refusal(Outcome.SETUP_REFUSED, "missing_permission",
                    "This app may not read the apps connected to the page. Check that the page granted this app "
                            + "the pages_messaging and pages_manage_metadata permissions.");
        }
        Refusal failure = graphFailure(subscribed);
        if (failure != null) {
            return failure;
        }
        if (!subscribed.contains(ourAppId)) {
            return new Refusal(Outcome.SETUP_REFUSED, "app_not_subscribed",
                    "This app is not connected to the page. In the page's Conversation Routing settings, connect "
                            + "this app and make it the default app.");
        }
        if (!subscribed.contains(targetAppId)) {
            return new Refusal(Outcome.SETUP_REFUSED, "target_not_subscribed",
                    "The target app " + targetAppId + " is not connected to the page. In Conversation Routing, "
                            + "connect the Page Inbox or your customer-service app, or change the target app in "
                            + "the settings.");
        }
        return null;
    }

    /** The refusal for a call that did not answer the list; null when it did. */
    private static Refusal graphFailure(AppsLookup outcome) {
        return switch (outcome.answer()) {
            case LISTED, NOT_CHECKED -> null;
            case UNAVAILABLE -> new Refusal(Outcome.UNAVAILABLE, "graph_unavailable",
                    "Facebook could not be reached to check the page's setup. Nothing was changed; try again in a "
                            + "few minutes.");
            case NO_TOKEN -> new Refusal(Outcome.SETUP_REFUSED, "no_page_token",
                    "No page access token is configured for this page, so its setup cannot be checked. Connect "
                            + "the page with its page access token (Connection), or ask the operator to set "
                            + "MESSENGER_PAGE_TOKENS_<PAGE_ID>.");
            case BAD_TOKEN -> new Refusal(Outcome.SETUP_REFUSED, "bad_page_token",
                    "Facebook refused the page access token (expired or revoked). Generate a new page access token "
                            + "and connect the page again with it (Connection).");
            case NO_PERMISSION, REFUSED -> new Refusal(Outcome.SETUP_REFUSED, "graph_refused",
                    "Facebook refused the check of the page's setup"
                            + (outcome.detail() == null ? "." : ": " + outcome.detail()));
        };
    }

    private static boolean sameSetup(PageSettings a, PageSettings b) {
        return a.channel() == b.channel() && a.setupKind() == b.setupKind()
                && a.targetAppId().equals(b.targetAppId());
    }
}
