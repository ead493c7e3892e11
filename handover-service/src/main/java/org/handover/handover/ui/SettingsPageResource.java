package org.handover.handover.ui;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.handover.contracts.Messenger;
import org.handover.handover.config.MessengerConfig;
import org.handover.handover.domain.ConversationState;
import org.handover.handover.domain.PageIds;
import org.handover.handover.domain.PageProblem;
import org.handover.handover.domain.PageSettings;
import org.handover.handover.rest.PageSettingsUpdate;
import org.handover.handover.service.ActivationService;
import org.handover.handover.service.AuditService;
import org.handover.handover.service.CurrentAdmin;
import org.handover.handover.service.ActivationService.Activation;
import org.handover.handover.service.ActivationService.Outcome;
import org.handover.handover.service.ConversationService;
import org.handover.handover.service.PageConnectionService;
import org.handover.handover.service.PageHealthService;
import org.handover.handover.service.PageNames;
import org.handover.handover.service.PageSettingsService;
import org.handover.handover.port.MetaGraphPort;
import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The settings page, for page admins rather than engineers: the list of pages, each page's handover settings (with
 * "Activate Handover Protocol") and the conversations an agent holds. Plain HTML forms, POST-redirect-GET; a form
 * that cannot be applied is shown again with what the admin typed and a red alert saying what is wrong and how to fix
 * it. Saving runs exactly the admin API's code: {@link PageSettingsUpdate#validate()},
 * {@link PageSettingsService#save} and {@link ActivationService}. Signed-in admins only ({@link AdminUi}); forms carry the session's CSRF token. Nothing
 * secret (page tokens, app secret, admin token) is ever handed to a template.
 */
@Path("/ui/pages")
@Produces(MediaType.TEXT_HTML)
@AdminUi
public class SettingsPageResource {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final int CONVERSATIONS_SHOWN = 500;

    /** What each field is called on the page, for the validation lines ({@code acceptTitle: ...}). */
    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("channel", "Channel"),
            Map.entry("setupKind", "How the page shares conversations"),
            Map.entry("targetAppId", "Target app id"),
            Map.entry("questionText", "\"Change to agent\" question"),
            Map.entry("acceptTitle", "Answer that accepts"),
            Map.entry("rejectTitle", "Answer that declines"),
            Map.entry("confirmationText", "Confirmation"),
            Map.entry("stayWithBotText", "Reply when the user declines"),
            Map.entry("botIsBackText", "\"Bot is back\" message"),
            Map.entry("handoverFailedText", "Message when nobody can take over"),
            Map.entry("honourInboxRequests", "Inbox requests"),
            Map.entry("idleTimeoutMinutes", "Idle timeout"),
            Map.entry("noShowMinutes", "Agent no-show (minutes)"),
            Map.entry("noShowText", "Message after an agent's no-show"),
            Map.entry("businessHours.timeZone", "Time zone"),
            Map.entry("businessHours.weekly", "Weekly hours"),
            Map.entry("businessHours.holidays", "Holidays"),
            Map.entry("businessHours.outside", "Outside the hours"),
            Map.entry("outOfHoursText", "Out-of-hours message"),
            Map.entry("pageLabel", "Page label for agents"),
            Map.entry("shareUserWords", "Tell agents what the user wrote"));

    private final PageSettingsService pages;
    private final ActivationService activation;
    private final ConversationService conversations;
    private final MessengerConfig messenger;
    private final UiCsrf uiCsrf;
    private final CurrentAdmin admin;
    private final AuditService audit;
    private final PageNames names;
    private final PageHealthService health;
    private final PageConnectionService connections;

    public SettingsPageResource(PageSettingsService pages, ActivationService activation,
            ConversationService conversations, MessengerConfig messenger, UiCsrf uiCsrf, CurrentAdmin admin,
            AuditService audit, PageNames names, PageHealthService health, PageConnectionService connections) {
        this.connections = connections;
        this.pages = pages;
        this.activation = activation;
        this.conversations = conversations;
        this.messenger = messenger;
        this.uiCsrf = uiCsrf;
        this.admin = admin;
        this.audit = audit;
        this.names = names;
        this.health = health;
    }

    /** A change in the audit, as the settings page lists it. */
    public record AuditRow(String at, String actor, String action, String detail) {
    }

    /**
     * A page in the list.
     *
     * @param name    the page's name on Facebook; null when not known (the id alone is shown)
     * @param problem what was found wrong at run time, in red; null when nothing
     */
    public record PageRow(String pageId, String name, String channel, boolean configured, boolean active,
            String problem, String path, String reconnect) {

        PageRow(String pageId, String name, String channel, boolean configured, boolean active, String problem) {
            this(pageId, name, channel, configured, active, problem,
                    UriBuilder.fromPath("/ui/pages/{pageId}").build(pageId).toString(), null);
        }

        /** The same row with the red "needs reconnecting" line (null: none). */
        PageRow withReconnect(String advice) {
            return new PageRow(pageId, name, channel, configured, active, problem, path, advice);
        }
    }

    /** An agent-held conversation in the second view. */
    public record ConversationRow(String psid, String holder, String since, String lastActivity,
            String giveBackPath) {
    }

    /**
     * What the settings template shows.
     *
     * @param storedActive       whether the page is active now (as stored)
     * @param notSupportedReason why the checkbox is disabled (Telegram, WhatsApp); {@code null} on Messenger
     * @param errorTitle         the red alert's first line; {@code null} for no alert
     * @param errors             the alert's lines (what is wrong, how to fix it)
     */
    public record SettingsView(String pageId, String pagePath, String channel, boolean storedActive, String notSupportedReason,
            SettingsForm form, int textMax, int titleMax, int noShowMax, int labelMax, String inboxAppId, String notice, String errorTitle,
            List<String> errors, String csrf, String signedInAs, List<AuditRow> audit, String pageName,
            RuntimeProblem problem, String reconnect) {
    }

    /**
     * What was found wrong at run time ({@link PageHealthService}), for the red alert above the form.
     *
     * @param advice   what is wrong and what to change on Facebook
     * @param evidence what showed it
     * @param since    when it was first found
     */
    public record RuntimeProblem(String advice, String evidence, String since) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance pages(List<PageRow> pages, String csrf);

        static native TemplateInstance settings(SettingsView view);

        static native TemplateInstance conversations(String pageId, String pagePath, List<ConversationRow> rows,
                String notice, String error, String csrf);
    }

    @GET
    public TemplateInstance list(@RestCookie(UiSessions.COOKIE) String cookie) {
        Map<String, PageRow> rows = new TreeMap<>();
        Map<String, PageProblem> problems = health.problems();
        Map<String, PageSettings> configured = new TreeMap<>();
        pages.configured().forEach(s -> configured.put(s.pageId(), s));
        java.util.Set<String> ids = new java.util.TreeSet<>(messenger.pageTokens().keySet());
        ids.addAll(configured.keySet());
        ids.addAll(connections.pagesWithConnections());
        for (String id : ids) {
            PageSettings s = configured.get(id);
            PageProblem problem = problems.get(id);
            String problemText = problem == null ? null
                    : PageHealthService.advice(s == null ? PageSettings.defaults(id) : s, problem);
            rows.put(id, s == null
                    ? new PageRow(id, names.name(id).orElse(null), "MESSENGER", false, false, problemText)
                    : new PageRow(id, names.name(id).orElse(null), s.channel().name(), true, s.handoverActive(),
                            problemText));
        }
        // A page admin sees only the pages of the account, also those not configured anywhere yet.
        var principal = admin.get();
        if (!principal.operator()) {
            rows.keySet().retainAll(principal.pages());
            principal.pages().forEach(id -> rows.putIfAbsent(id,
                    new PageRow(id, names.name(id).orElse(null), "MESSENGER", false, false, null)));
        }
        rows.replaceAll((id, row) -> row.withReconnect(
                PageConnectionPageResource.reconnectAdvice(connections.status(id))));
        return Templates.pages(List.copyOf(rows.values()), uiCsrf.token(cookie));
    }

    @GET
    @Path("/{pageId}")
    public Response settings(@PathParam("pageId") String pageId, @RestQuery boolean saved,
            @RestCookie(UiSessions.COOKIE) String cookie) {
        String problem = PageIds.pageIdProblem(pageId);
        if (problem != null) {
            return UiErrors.invalidId(problem);
        }
        PageSettings current = load(pageId);
        String notice = !saved ? null : current.handoverActive()
                ? "Settings saved. The Handover Protocol is active."
                : "Settings saved. The Handover Protocol is not active.";
        return page(200, view(current, SettingsForm.of(current), notice, null, List.of(), cookie));
    }

    @POST
    @Path("/{pageId}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@PathParam("pageId") String pageId, @BeanParam SettingsForm form,
            @RestForm(UiSessions.CSRF_FIELD) String csrf, @RestCookie(UiSessions.COOKIE) String cookie) {
        if (!uiCsrf.valid(cookie, csrf)) {
            return UiErrors.csrfRefused();
        }
        String problem = PageIds.pageIdProblem(pageId);
        if (problem != null) {
            return UiErrors.invalidId(problem);
        }
        PageSettings current = load(pageId);
        List<String> errors = new ArrayList<>();
        errors.addAll(form.formErrors());
        PageSettingsUpdate update = form.toUpdate(current.channel().name());
        errors.addAll(update.validate());
        if (!errors.isEmpty()) {
            // Nothing saved: the form as typed, the box as it was.
            form.handoverActive = current.handoverActive() ? "on" : null;
            return page(422, view(current, form, null, "Nothing was saved: please correct these settings.",
                    errors.stream().map(SettingsPageResource::labelled).toList(), cookie));
        }
        PageSettings saved = pages.save(pageId, update::applyTo, admin.get());
        boolean wanted = form.activeTicked() && saved.channel().supportsHandover();
        if (wanted && !saved.handoverActive()) {
            Activation result = activation.activate(pageId);
            audit.record(admin.get(), pageId, result.outcome() == Outcome.ACTIVATED ? "activated"
                    : "activation_refused", result.outcome() == Outcome.ACTIVATED ? "Handover Protocol activated"
                    : result.reason());
            if (result.outcome() != Outcome.ACTIVATED) {
                int status = switch (result.outcome()) {
                    case NOT_SUPPORTED -> 422;
                    case UNAVAILABLE -> 503;
                    default -> 409;
                };
                return page(status, view(result.settings(), form.unticked(), null,
                        "The Handover Protocol was not activated. Your other changes were saved.",
                        List.of(result.message()), cookie));
            }
        } else if (!wanted && saved.handoverActive()) {
            activation.deactivate(pageId);
            audit.record(admin.get(), pageId, "deactivated", "Handover Protocol deactivated");
        }
        return Response.seeOther(UriBuilder.fromPath("/ui/pages/{pageId}").queryParam("saved", "true").build(pageId))
                .build();
    }

    @GET
    @Path("/{pageId}/conversations")
    public Response conversations(@PathParam("pageId") String pageId, @RestQuery("given") String given,
            @RestCookie(UiSessions.COOKIE) String cookie) {
        String problem = PageIds.pageIdProblem(pageId);
        if (problem != null) {
            return UiErrors.invalidId(problem);
        }
        String notice = given == null ? null
                : "The conversation with user " + given + " is the bot's again.";
        return UiHeaders.add(Response.ok(conversationsPage(pageId, notice, null, cookie)).type(MediaType.TEXT_HTML_TYPE))
                .build();
    }

    @POST
    @Path("/{pageId}/conversations/{psid}/give-back")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response giveBack(@PathParam("pageId") String pageId, @PathParam("psid") String psid,
            @RestForm(UiSessions.CSRF_FIELD) String csrf, @RestCookie(UiSessions.COOKIE) String cookie) {
        if (!uiCsrf.valid(cookie, csrf)) {
            return UiErrors.csrfRefused();
        }
        String problem = PageIds.pageIdProblem(pageId) != null ? PageIds.pageIdProblem(pageId)
                : PageIds.problem("psid", psid);
        if (problem != null) {
            return UiErrors.invalidId(problem);
        }
        Optional<MetaGraphPort.Result> result = conversations.giveBackToBot(pageId, psid);
        if (result.isPresent() && result.get() == MetaGraphPort.Result.OK) {
            audit.record(admin.get(), pageId, "given_back", "conversation with user " + psid + " given back to the bot");
            return Response.seeOther(UriBuilder.fromPath("/ui/pages/{pageId}/conversations")
                    .queryParam("given", psid).build(pageId)).build();
        }
        String error = result.isEmpty()
                ? "The conversation with user " + psid + " is not held by an agent any more: nothing to give back."
                : switch (result.get()) {
                    case OWNED_BY_ANOTHER_APP -> "Facebook says another app holds the conversation with user " + psid
                            + " now, so the bot could not take it. The list below shows who holds what now.";
                    case TEMPORARY_FAILURE -> "Facebook could not be reached yet. The bot keeps trying for a few "
                            + "minutes: the list below shows when the conversation is the bot's again.";
                    default -> "Facebook refused to give the conversation back to the bot. Double-check your app "
                            + "roles: this app must be the Primary Receiver (or the default app under Conversation "
                            + "Routing), and its page access token must be valid.";
                };
        return Response.status(409).type(MediaType.TEXT_HTML_TYPE)
                .entity(conversationsPage(pageId, null, error, cookie)).build();
    }

    private TemplateInstance conversationsPage(String pageId, String notice, String error, String cookie) {
        List<ConversationRow> rows = conversations.agentHeld(pageId, CONVERSATIONS_SHOWN).stream()
                .map(SettingsPageResource::row).toList();
        return Templates.conversations(pageId, UriBuilder.fromPath("/ui/pages/{pageId}").build(pageId).toString(),
                rows, notice, error, uiCsrf.token(cookie));
    }

    private static ConversationRow row(ConversationState s) {
        String holder = Messenger.PAGE_INBOX_APP_ID.equals(s.ownerAppId()) ? "Page Inbox"
                : "App " + (s.ownerAppId() == null ? "(unknown)" : s.ownerAppId());
        return new ConversationRow(s.psid(), holder, time(s.ownerSince()), time(s.lastActivity()),
                UriBuilder.fromPath("/ui/pages/{pageId}/conversations/{psid}/give-back").build(s.pageId(), s.psid())
                        .toString());
    }

    private SettingsView view(PageSettings stored, SettingsForm form, String notice, String errorTitle,
            List<String> errors, String cookie) {
        RuntimeProblem problem = health.problem(stored.pageId()).map(p -> new RuntimeProblem(
                PageHealthService.advice(stored, p), p.evidence(), time(p.since()))).orElse(null);
        return new SettingsView(stored.pageId(), UriBuilder.fromPath("/ui/pages/{pageId}").build(stored.pageId())
                .toString(), channelName(stored), stored.handoverActive(),
                stored.channel().supportsHandover() ? null : ActivationService.MESSENGER_ONLY
                        + " This page uses " + channelName(stored) + ", so the option cannot be turned on.",
                form, PageSettingsUpdate.TEXT_MAX, PageSettings.QUICK_REPLY_TITLE_MAX, PageSettings.NO_SHOW_MAX_MINUTES,
                PageSettings.PAGE_LABEL_MAX, Messenger.PAGE_INBOX_APP_ID,
                notice, errorTitle, errors, uiCsrf.token(cookie), admin.get().name(),
                audit.latest(stored.pageId()).stream()
                        .map(e -> new AuditRow(time(e.at()), e.actor(), e.action(), e.detail())).toList(),
                names.name(stored.pageId()).orElse(null), problem,
                PageConnectionPageResource.reconnectAdvice(connections.status(stored.pageId())));
    }

    private static String channelName(PageSettings s) {
        return switch (s.channel()) {
            case MESSENGER -> "Messenger";
            case TELEGRAM -> "Telegram";
            case WHATSAPP -> "WhatsApp";
        };
    }

    private static Response page(int status, SettingsView view) {
        return UiHeaders.add(Response.status(status).type(MediaType.TEXT_HTML_TYPE).entity(Templates.settings(view)))
                .build();
    }

    private PageSettings load(String pageId) {
        return pages.find(pageId);
    }

    /** {@code acceptTitle: at most 20 characters} as the page calls the field. */
    private static String labelled(String line) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            return line;
        }
        String label = LABELS.getOrDefault(line.substring(0, colon), line.substring(0, colon));
        return label + ":" + line.substring(colon + 1) + ".";
    }

    private static String time(Instant at) {
        return at == null ? "" : TIME.format(at);
    }
}
