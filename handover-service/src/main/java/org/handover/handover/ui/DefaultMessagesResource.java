package org.handover.handover.ui;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.handover.handover.domain.GuidedCatalog;
import org.handover.handover.domain.GuidedCatalog.Answer;
import org.handover.handover.domain.PageIds;
import org.handover.handover.domain.PageSettings;
import org.handover.handover.port.CatalogPort;
import org.handover.handover.service.AuditService;
import org.handover.handover.service.CurrentAdmin;
import org.handover.handover.service.GuidedLinkService;
import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The page's default messages (issue 21 item 1): the welcome, each guided answer and the fallback, edited on the
 * settings page and stored through bot-service's catalog API ({@link CatalogPort}), whose validation is the only
 * one: its errors are shown in the red alert as it gives them, and nothing is changed. "Preview" shows the typed
 * messages as Messenger shows them (a bubble, the quick replies under it) without saving. A saved change is
 * published by bot-service to {@code bot.catalog}, which routing-service and bot-service read while they run.
 * "Track the links of guided answers" is the admin's choice (off by default; bot-service then refuses an answer that
 * would pass Messenger's limit once its links are tracked); below the form, each tracked link of a guided answer with
 * its recipients, clicks and click-through rate ({@link GuidedLinkService}).
 */
@Path("/ui/pages/{pageId}/messages")
@Produces(MediaType.TEXT_HTML)
@AdminUi
public class DefaultMessagesResource {

    /** A message as Messenger shows it: who sends it (which answer), the bubble's text, the quick replies. */
    public record Bubble(String label, String text, List<String> quickReplies) {
    }

    /**
     * What the template shows.
     *
     * @param form     {@code null} when bot-service could not be asked (then only the red alert)
     * @param previews the messages as Messenger shows them: the stored ones, or the typed ones after "Preview"
     */
    public record MessagesView(String pageId, String pagePath, MessagesForm form, List<Bubble> previews,
            boolean previewOfTyped, String notice, String errorTitle, List<String> errors, String csrf, int titleMax,
            int textMax, List<LinkRow> guidedLinks) {
    }

    /** One tracked link of a guided answer as the page lists it: sent, clicked, click-through rate. */
    public record LinkRow(String answer, int number, String url, long sent, long clicked, String rate) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance messages(MessagesView view);
    }

    private final CatalogPort catalogs;
    private final UiCsrf uiCsrf;
    private final CurrentAdmin admin;
    private final AuditService audit;

    private final GuidedLinkService guidedLinks;

    public DefaultMessagesResource(CatalogPort catalogs, UiCsrf uiCsrf, CurrentAdmin admin,
            AuditService audit, GuidedLinkService guidedLinks) {
        this.guidedLinks = guidedLinks;
        this.catalogs = catalogs;
        this.uiCsrf = uiCsrf;
        this.admin = admin;
        this.audit = audit;
    }

    @GET
    public Response show(@PathParam("pageId") String pageId, @RestQuery boolean saved,
            @RestCookie(UiSessions.COOKIE) String cookie) {
        String problem = PageIds.pageIdProblem(pageId);
        if (problem != null) {
            return UiErrors.invalidId(problem);
        }
        CatalogPort.Read read = catalogs.read(pageId);
        if (read instanceof CatalogPort.Unavailable u) {
            return page(503, unavailable(pageId, u, cookie));
        }
        GuidedCatalog stored = read instanceof CatalogPort.Found f ? f.catalog() : null;
        String notice = saved ? "Default messages saved. The bot and the routing use them from now on."
                : stored == null ? "This page has no default messages yet: write the welcome and the fallback, "
                        + "add answers, and save." : null;
        return page(200, view(pageId, MessagesForm.of(stored), previews(stored), false, notice, null, List.of(),
                cookie));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@PathParam("pageId") String pageId, MultivaluedMap<String, String> posted,
            @RestCookie(UiSessions.COOKIE) String cookie) {
        if (!uiCsrf.valid(cookie, posted.getFirst(UiSessions.CSRF_FIELD))) {
            return UiErrors.csrfRefused();
        }
        String problem = PageIds.pageIdProblem(pageId);
        if (problem != null) {
            return UiErrors.invalidId(problem);
        }
        MessagesForm form = MessagesForm.of(posted);
        List<String> errors = new ArrayList<>();
        GuidedCatalog typed = form.toCatalog(pageId, errors);
        if ("preview".equals(posted.getFirst("action"))) {
            return page(200, view(pageId, form, previews(typed), true,
                    "Preview only: nothing is saved until you press Save.", null, List.of(), cookie));
        }
        if (!errors.isEmpty()) {
            return page(422, view(pageId, form, previews(typed), true, null,
                    "Nothing was saved: please correct these messages.", errors, cookie));
        }
        CatalogPort.Read before = catalogs.read(pageId);
        CatalogPort.Write result = catalogs.write(pageId, typed);
        if (result instanceof CatalogPort.Invalid invalid) {
            return page(422, view(pageId, form, previews(typed), true, null,
                    "Nothing was saved: please correct these messages.",
                    invalid.errors().stream().map(DefaultMessagesResource::labelled).toList(), cookie));
        }
        if (result instanceof CatalogPort.Unavailable u) {
            return page(503, view(pageId, form, previews(typed), true, null,
                    "Nothing was saved: the bot could not be reached.", List.of(reason(u)), cookie));
        }
        GuidedCatalog old = before instanceof CatalogPort.Found f ? f.catalog() : null;
        audit.record(admin.get(), pageId, "messages_saved", changes(old, typed));
        return Response.seeOther(UriBuilder.fromPath("/ui/pages/{pageId}/messages").queryParam("saved", "true")
                .build(pageId)).build();
    }

    /** {@code welcome changed; answer DELIVERY added; ...}: which messages a save changed, for the audit. */
    static String changes(GuidedCatalog old, GuidedCatalog now) {
        List<String> lines = new ArrayList<>();
        if (old == null) {
            return "default messages created: welcome, " + now.answers().size() + " answers, fallback";
        }
        if (!Objects.equals(old.welcome(), now.welcome())) {
            lines.add("welcome changed");
        }
        Map<String, Answer> before = new LinkedHashMap<>();
        old.answers().forEach(a -> before.put(a.payload(), a));
        for (Answer a : now.answers()) {
            Answer was = before.remove(a.payload());
            if (was == null) {
                lines.add("answer " + a.payload() + " added");
            } else if (!was.equals(a)) {
                lines.add("answer " + a.payload() + " changed");
            }
        }
        before.keySet().forEach(p -> lines.add("answer " + p + " removed"));
        if (!Objects.equals(old.fallback(), now.fallback())) {
            lines.add("fallback changed");
        }
        if (old.tracksLinks() != now.tracksLinks()) {
            lines.add(now.tracksLinks() ? "link tracking of guided answers turned on"
                    : "link tracking of guided answers turned off");
        }
        return lines.isEmpty() ? "saved unchanged" : String.join("; ", lines);
    }

    static List<Bubble> previews(GuidedCatalog catalog) {
        List<Bubble> out = new ArrayList<>();
        if (catalog == null) {
            return out;
        }
        if (catalog.welcome() != null) {
            out.add(bubble("Welcome", catalog.welcome().text(), catalog.welcome().quickReplies()));
        }
        for (Answer a : catalog.answers()) {
            out.add(bubble("Answer \"" + a.title() + "\"", a.text(), a.quickReplies()));
        }
        if (catalog.fallback() != null) {
            out.add(bubble("Fallback", catalog.fallback().text(), catalog.fallback().quickReplies()));
        }
        return out;
    }

    /** Messenger shows a quick reply's first 20 characters. */
    private static Bubble bubble(String label, String text, List<GuidedCatalog.QuickReply> replies) {
        return new Bubble(label, text == null ? "" : text, replies.stream().map(r -> {
            String title = r.title() == null ? "" : r.title();
            return title.codePointCount(0, title.length()) > PageSettings.QUICK_REPLY_TITLE_MAX
                    ? title.substring(0, title.offsetByCodePoints(0, PageSettings.QUICK_REPLY_TITLE_MAX)) + "…"
                    : title;
        }).toList());
    }

    /** bot-service's locations as the page names them: {@code answers[1].title} is the second answer's title. */
    static String labelled(String line) {
        String out = line.replaceFirst("^welcome\\.", "Welcome, ").replaceFirst("^fallback\\.", "Fallback, ");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^answers\\[(\\d+)]\\.?").matcher(out);
        if (m.find()) {
            out = "Answer " + (Integer.parseInt(m.group(1)) + 1) + ", " + out.substring(m.end());
        }
        return out;
    }

    private static String reason(CatalogPort.Unavailable u) {
        return switch (u.why()) {
            case "not_configured" -> "The default messages are not configured here: the operator sets "
                    + "BOT_CATALOG_URL and BOT_ADMIN_TOKEN (bot-service's admin token) for handover-service.";
            case "token_refused" -> "The bot refused handover-service's token: the operator checks that "
                    + "BOT_ADMIN_TOKEN is bot-service's ADMIN_TOKEN.";
            case "unreachable" -> "The bot (bot-service) could not be reached. Try again in a few minutes.";
            default -> "The bot (bot-service) could not answer (" + u.why() + "). Try again in a few minutes.";
        };
    }

    private MessagesView unavailable(String pageId, CatalogPort.Unavailable u, String cookie) {
        return view(pageId, null, List.of(), false, null, "The default messages could not be loaded.",
                List.of(reason(u)), cookie);
    }

    private MessagesView view(String pageId, MessagesForm form, List<Bubble> previews, boolean typed, String notice,
            String errorTitle, List<String> errors, String cookie) {
        return new MessagesView(pageId, UriBuilder.fromPath("/ui/pages/{pageId}").build(pageId).toString(), form,
                previews, typed, notice, errorTitle, errors,
                uiCsrf.token(cookie), PageSettings.QUICK_REPLY_TITLE_MAX,
                PageSettings.TEXT_MAX, linkRows(pageId));
    }

    /** The page's guided answers' tracked links with their figures, as the table shows them. */
    private List<LinkRow> linkRows(String pageId) {
        return guidedLinks.stats(pageId).links().stream().map(l -> new LinkRow(l.answerKey(), l.index() + 1, l.url(),
                l.sent(), l.clicked(), BulletinPageResource.percent(l.rate()))).toList();
    }

    private static Response page(int status, MessagesView view) {
        return UiHeaders.add(Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.messages(view))).build();
    }
}
