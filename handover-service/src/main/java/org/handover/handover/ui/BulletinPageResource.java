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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.handover.contracts.QuickReply;
import org.handover.handover.domain.PageIds;
import org.handover.handover.domain.bulletin.Audience;
import org.handover.handover.domain.bulletin.BulletinDraft;
import org.handover.handover.domain.bulletin.Clicks;
import org.handover.handover.domain.bulletin.Progress;
import org.handover.handover.domain.bulletin.RecipientState;
import org.handover.handover.service.bulletin.BulletinService;
import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The settings page's bulletins view: compose one (send now or schedule, preview first), follow each bulletin's
 * progress (queued, held, sent, dropped, failed, and why), cancel. Runs exactly the admin API's code
 * ({@link BulletinService}); forms carry the session's CSRF token.
 */
@Path("/ui/pages/{pageId}/bulletins")
@Produces(MediaType.TEXT_HTML)
@AdminUi
public class BulletinPageResource {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final BulletinService bulletins;
    private final UiCsrf uiCsrf;

    public BulletinPageResource(BulletinService bulletins, UiCsrf uiCsrf) {
        this.bulletins = bulletins;
        this.uiCsrf = uiCsrf;
    }

    /** A bulletin in the list. */
    public record Row(String id, String state, String audience, String text, String sendAt, long recipients,
            long queued, long held, long sent, long dropped, long failed, long pending, String why, boolean cancellable,
            String cancelPath, String clickThrough, List<LinkRow> links) {
    }

    /** A tracked link of a bulletin with its click-through rate, as the list shows it. */
    public record LinkRow(int number, String url, long clicked, String rate) {
    }

    /** "12.5%" of {@code rate}, "-" before any copy was sent. */
    static String percent(Double rate) {
        return rate == null ? "-" : String.format(java.util.Locale.ROOT, "%.1f%%", rate * 100);
    }

    /** What the admin typed, shown again with a preview or the problems. */
    public record Form(String text, String quickReplies, String audience, String tag, String policy, String sendAt) {
        static final Form EMPTY = new Form("", "", "WINDOW", "", "", "");
    }

    /** What the page shows. */
    public record View(String pageId, String pagePath, String path, Form form, List<Row> rows, String notice,
            List<String> errors, BulletinService.Preview preview, String csrf) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance bulletins(View view);
    }

    @GET
    public Response list(@PathParam("pageId") String pageId, @RestQuery("created") String created,
            @RestQuery("cancelled") String cancelled, @RestCookie(UiSessions.COOKIE) String cookie) {
        String problem = PageIds.pageIdProblem(pageId);
        if (problem != null) {
            return UiErrors.invalidId(problem);
        }
        String notice = created != null ? "The bulletin is scheduled; its progress is below."
                : cancelled != null ? "The bulletin is cancelled: nothing more is sent." : null;
        return ok(view(pageId, Form.EMPTY, notice, List.of(), null, cookie));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response compose(@PathParam("pageId") String pageId, @RestForm String text,
            @RestForm String quickReplies, @RestForm String audience, @RestForm String tag, @RestForm String policy,
            @RestForm String sendAt, @RestForm String action, @RestForm(UiSessions.CSRF_FIELD) String csrf,
            @RestCookie(UiSessions.COOKIE) String cookie) {
        if (!uiCsrf.valid(cookie, csrf)) {
            return UiErrors.csrfRefused();
        }
        String problem = PageIds.pageIdProblem(pageId);
        if (problem != null) {
            return UiErrors.invalidId(problem);
        }
        Form form = new Form(orEmpty(text), orEmpty(quickReplies), audience == null ? "WINDOW" : audience,
                orEmpty(tag), orEmpty(policy), orEmpty(sendAt));
        List<String> errors = new ArrayList<>();
        BulletinDraft draft = draft(form, errors);
        if (!errors.isEmpty()) {
            return invalid(pageId, form, errors, cookie);
        }
        if ("preview".equals(action)) {
            BulletinService.Previewed previewed = bulletins.preview(pageId, draft);
            if (!previewed.problems().isEmpty()) {
                return invalid(pageId, form, previewed.problems(), cookie);
            }
            return ok(view(pageId, form, null, List.of(), previewed.preview(), cookie));
        }
        BulletinService.Created created = bulletins.create(pageId, draft);
        if (!created.problems().isEmpty()) {
            return invalid(pageId, form, created.problems(), cookie);
        }
        return Response.seeOther(UriBuilder.fromPath("/ui/pages/{pageId}/bulletins").queryParam("created",
                created.report().bulletin().id()).build(pageId)).build();
    }

    @POST
    @Path("/{id}/cancel")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response cancel(@PathParam("pageId") String pageId, @PathParam("id") String id,
            @RestForm(UiSessions.CSRF_FIELD) String csrf, @RestCookie(UiSessions.COOKIE) String cookie) {
        if (!uiCsrf.valid(cookie, csrf)) {
            return UiErrors.csrfRefused();
        }
        String problem = PageIds.pageIdProblem(pageId);
        if (problem != null) {
            return UiErrors.invalidId(problem);
        }
        boolean found;
        try {
            java.util.UUID.fromString(id);
            found = bulletins.cancel(pageId, id).isPresent();
        } catch (IllegalArgumentException e) {
            found = false;
        }
        if (!found) {
            return Response.status(404).type(MediaType.TEXT_HTML_TYPE).entity(view(pageId, Form.EMPTY, null,
                    List.of("There is no such bulletin on this page: choose one from the list below."), null, cookie))
                    .build();
        }
        return Response.seeOther(UriBuilder.fromPath("/ui/pages/{pageId}/bulletins").queryParam("cancelled", id)
                .build(pageId)).build();
    }

    /**
     * The draft from the form; quick replies one per line as {@code Title | PAYLOAD}. Lines that cannot be read go to
     * {@code errors}, named as on the page.
     */
    private static BulletinDraft draft(Form form, List<String> errors) {
        List<QuickReply> replies = new ArrayList<>();
        String[] lines = form.quickReplies().split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            int bar = line.indexOf('|');
            if (bar < 0) {
                errors.add("Quick replies, line " + (i + 1) + ": write the title, a '|', then the payload "
                        + "(e.g. Opening hours | OPENING_HOURS)");
                continue;
            }
            replies.add(new QuickReply(line.substring(0, bar).strip(), line.substring(bar + 1).strip()));
        }
        Audience audience = "TAGGED".equals(form.audience()) ? Audience.TAGGED : Audience.WINDOW;
        Instant at = null;
        if (!form.sendAt().isBlank()) {
            try {
                at = Instant.parse(form.sendAt().strip());
            } catch (java.time.format.DateTimeParseException e) {
                errors.add("Send at: a UTC time such as 2026-01-31T09:00:00Z, or empty to send now");
            }
        }
        return new BulletinDraft(form.text(), replies, audience, form.tag().isBlank() ? null : form.tag().strip(),
                form.policy().isBlank() ? null : form.policy(), at);
    }

    private Response invalid(String pageId, Form form, List<String> errors, String cookie) {
        return Response.status(422).type(MediaType.TEXT_HTML_TYPE)
                .entity(view(pageId, form, null, errors, null, cookie)).build();
    }

    private static Response ok(TemplateInstance page) {
        return UiHeaders.add(Response.ok(page).type(MediaType.TEXT_HTML_TYPE)).build();
    }

    private TemplateInstance view(String pageId, Form form, String notice, List<String> errors,
            BulletinService.Preview preview, String cookie) {
        String pagePath = UriBuilder.fromPath("/ui/pages/{pageId}").build(pageId).toString();
        List<Row> rows = bulletins.list(pageId).stream().map(r -> row(pagePath, r)).toList();
        return Templates.bulletins(new View(pageId, pagePath, pagePath + "/bulletins", form, rows, notice, errors,
                preview, uiCsrf.token(cookie)));
    }

    private static Row row(String pagePath, BulletinService.Report report) {
        var b = report.bulletin();
        Progress p = report.progress();
        String why = p.reasons().entrySet().stream()
                .flatMap(e -> e.getValue().entrySet().stream().map(r -> e.getKey().name().toLowerCase() + " "
                        + r.getKey() + ": " + r.getValue()))
                .collect(Collectors.joining(", "));
        boolean cancellable = b.state() == org.handover.handover.domain.bulletin.Bulletin.State.SCHEDULED
                || b.state() == org.handover.handover.domain.bulletin.Bulletin.State.ACTIVE;
        return new Row(b.id(), b.state().name(), b.draft().audience() == Audience.TAGGED
                ? "Tagged update (" + b.draft().tag() + ")" : "Users inside the 24-hour window", b.draft().text(),
                TIME.format(b.sendAt()), p.recipients(), p.count(RecipientState.QUEUED), p.count(RecipientState.HELD),
                p.count(RecipientState.SENT), p.count(RecipientState.DROPPED), p.count(RecipientState.FAILED),
                p.count(RecipientState.PENDING), why, cancellable, pagePath + "/bulletins/" + b.id() + "/cancel",
                clickThrough(report), report.clicks().links().stream().map(l -> new LinkRow(l.index() + 1, l.url(),
                        l.clickers(), percent(Clicks.rate(l.clickers(), p.count(RecipientState.SENT))))).toList());
    }

    /** The bulletin's click-through rate in words, empty when its links are not tracked. */
    private static String clickThrough(BulletinService.Report report) {
        Clicks c = report.clicks();
        if (!c.tracked()) {
            return "";
        }
        long sent = report.progress().count(RecipientState.SENT);
        return c.clickers() + " of " + sent + " sent clicked a link (" + percent(Clicks.rate(c.clickers(), sent))
                + ")";
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
