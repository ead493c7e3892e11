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
import org.handover.handover.domain.PageConnectionStatus;
import org.handover.handover.domain.PageIds;
import org.handover.handover.service.CurrentAdmin;
import org.handover.handover.service.PageConnectionService;
import org.handover.handover.service.PageConnectionService.Outcome;
import org.handover.handover.service.PageConnectionService.Result;
import org.handover.handover.service.PageNames;
import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The settings page's <b>Connection</b> of a page ({@code /ui/pages/{pageId}/connection}): where the page's token
 * comes from, whether it needs reconnecting (red), a form to connect the page or rotate its token (a password field:
 * the token is never shown back, not even after a refusal) and a button to disconnect it. The same code as the admin
 * API ({@link PageConnectionService}); signed-in admins of the page only, forms with the session's CSRF token.
 */
@Path("/ui/pages/{pageId}/connection")
@Produces(MediaType.TEXT_HTML)
@AdminUi
public class PageConnectionPageResource {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final PageConnectionService connections;
    private final UiCsrf uiCsrf;
    private final CurrentAdmin admin;
    private final PageNames names;

    public PageConnectionPageResource(PageConnectionService connections, UiCsrf uiCsrf, CurrentAdmin admin,
            PageNames names) {
        this.connections = connections;
        this.uiCsrf = uiCsrf;
        this.admin = admin;
        this.names = names;
    }

    /**
     * What the template shows; never a token.
     *
     * @param source       "a token connected here", "the environment (MESSENGER_PAGE_TOKENS_...)", "no token"
     * @param connected    whether a token is connected here (disconnect is offered)
     * @param reconnect    the red alert's text when Meta rejected the token in use; null otherwise
     */
    public record ConnectionView(String pageId, String pageName, String pagePath, String source, boolean connected,
            String connectedAt, String connectedBy, String keyId, boolean environmentToken, String reconnect,
            String rejectedDetail, String notice, String error, String csrf) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance connection(ConnectionView view);
    }

    @GET
    public Response show(@PathParam("pageId") String pageId, @RestQuery("done") String done,
            @RestCookie(UiSessions.COOKIE) String cookie) {
        String problem = PageIds.pageIdProblem(pageId);
        if (problem != null) {
            return UiErrors.invalidId(problem);
        }
        String notice = done == null ? null : switch (done) {
            case "connected" -> "Page connected. The bot sends with the new token from now on; no restart needed.";
            case "rotated" -> "Page token rotated. The bot sends with the new token from now on.";
            case "disconnected" -> "Page disconnected: its token was removed.";
            default -> null;
        };
        return page(200, view(connections.status(pageId), notice, null, cookie));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response connect(@PathParam("pageId") String pageId, @RestForm("pageToken") String pageToken,
            @RestForm(UiSessions.CSRF_FIELD) String csrf, @RestCookie(UiSessions.COOKIE) String cookie) {
        if (!uiCsrf.valid(cookie, csrf)) {
            return UiErrors.csrfRefused();
        }
        String problem = PageIds.pageIdProblem(pageId);
        if (problem != null) {
            return UiErrors.invalidId(problem);
        }
        boolean wasConnected = connections.status(pageId).source() == PageConnectionStatus.Source.CONNECTED;
        Result result = connections.connect(pageId, pageToken, admin.get());
        if (result.outcome() == Outcome.DONE) {
            return done(pageId, wasConnected ? "rotated" : "connected");
        }
        return page(status(result.outcome()), view(result.status(), null, result.message(), cookie));
    }

    @POST
    @Path("/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response disconnect(@PathParam("pageId") String pageId, @RestForm(UiSessions.CSRF_FIELD) String csrf,
            @RestCookie(UiSessions.COOKIE) String cookie) {
        if (!uiCsrf.valid(cookie, csrf)) {
            return UiErrors.csrfRefused();
        }
        String problem = PageIds.pageIdProblem(pageId);
        if (problem != null) {
            return UiErrors.invalidId(problem);
        }
        Result result = connections.disconnect(pageId, admin.get());
        if (result.outcome() == Outcome.DONE) {
            return done(pageId, "disconnected");
        }
        return page(status(result.outcome()), view(result.status(), null, result.message(), cookie));
    }

    /** The red alert's text for a page whose token Meta rejected; null when it did not. */
    public static String reconnectAdvice(PageConnectionStatus status) {
        if (!status.needsReconnecting()) {
            return null;
        }
        return "Facebook rejected this page's access token (expired, revoked, or the password changed): the page needs "
                + "reconnecting. The bot sends nothing to this page until it is connected again with a new page "
                + "access token (Connection).";
    }

    private static int status(Outcome outcome) {
        return switch (outcome) {
            case DONE -> 200;
            case INVALID_TOKEN, TOKEN_REJECTED, TOKEN_OF_ANOTHER_PAGE, REFUSED -> 422;
            case NOT_CONNECTED -> 404;
            case GRAPH_UNAVAILABLE, NOT_CONFIGURED, NOT_PUBLISHED -> 503;
        };
    }

    private ConnectionView view(PageConnectionStatus s, String notice, String error, String cookie) {
        String source = switch (s.source()) {
            case CONNECTED -> "A token connected here" + (s.environmentToken()
                    ? " (it is used instead of the one the operator set in the environment)" : "");
            case ENVIRONMENT -> "The token the operator set in the environment (MESSENGER_PAGE_TOKENS_" + s.pageId()
                    + ")";
            case NONE -> "No token: the bot cannot answer on this page until it is connected";
        };
        return new ConnectionView(s.pageId(), names.name(s.pageId()).orElse(null),
                UriBuilder.fromPath("/ui/pages/{pageId}").build(s.pageId()).toString(), source,
                s.source() == PageConnectionStatus.Source.CONNECTED, time(s.connectedAt()), s.connectedBy(), s.keyId(),
                s.environmentToken(), reconnectAdvice(s), s.rejectedDetail() == null ? null
                        : time(s.rejectedAt()) + ": " + s.rejectedDetail(),
                notice, error, uiCsrf.token(cookie));
    }

    private static Response done(String pageId, String what) {
        return Response.seeOther(UriBuilder.fromPath("/ui/pages/{pageId}/connection").queryParam("done", what)
                .build(pageId)).build();
    }

    private static Response page(int status, ConnectionView view) {
        return UiHeaders.add(Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.connection(view))).build();
    }

    private static String time(Instant at) {
        return at == null ? null : TIME.format(at);
    }
}
