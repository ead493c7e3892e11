package org.handover.handover.ui;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.handover.handover.service.AdminAccountService;
import org.jboss.logging.Logger;

/**
 * Signing in to and out of the settings page. The sign-in form takes a page admin's user name and password, or the
 * operator's admin token ({@code admin.token}); a wrong one gets {@code 401} and the form again, a locked one
 * {@code 429}, and nothing typed is logged.
 */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
public class UiLoginResource {

    private static final Logger LOG = Logger.getLogger(UiLoginResource.class);

    private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter
            .ofPattern("HH:mm:ss 'UTC'").withZone(java.time.ZoneOffset.UTC);

    private final UiSessions sessions;
    private final AdminAccountService accounts;

    public UiLoginResource(UiSessions sessions, AdminAccountService accounts) {
        this.sessions = sessions;
        this.accounts = accounts;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(String error, String notice, String username);
    }

    @GET
    public Response root() {
        return Response.seeOther(URI.create("/ui/pages")).build();
    }

    @GET
    @Path("/login")
    public Response loginForm(@RestQuery boolean expired, @RestQuery boolean out) {
        String notice = out ? "You are signed out." : expired ? "Your session has ended: sign in again." : null;
        return html(Response.ok(Templates.login(null, notice, "")));
    }

    /**
     * Signs in with an account ({@code username}, {@code password}) or, when {@code token} is given, with the
     * operator's admin token. Both are throttled ({@link AdminAccountService}): a locked account gets {@code 429}.
     */
    @POST
    @Path("/login")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response login(@RestForm String token, @RestForm String username, @RestForm String password) {
        boolean withToken = token != null && !token.isBlank();
        AdminAccountService.SignIn result = withToken ? accounts.signInWithToken(token)
                : accounts.signIn(username, password);
        String typed = withToken || username == null ? "" : username;
        switch (result.outcome()) {
            case SIGNED_IN:
                return Response.seeOther(URI.create("/ui/pages"))
                        .cookie(sessions.cookie(sessions.open(result.principal().operator() ? null
                                : result.principal().name())))
                        .build();
            case LOCKED:
                return html(Response.status(429).entity(Templates.login(
                        "Too many failed sign-ins: " + (withToken ? "the admin token" : "this account")
                                + " is locked until " + TIME.format(result.lockedUntil())
                                + ". Try again then, or ask the operator to set a new password.",
                        null, typed)));
            default:
                LOG.info("Settings page: sign-in refused");
                return html(Response.status(Response.Status.UNAUTHORIZED).entity(Templates.login(withToken
                        ? "That admin token is not right. Use the value the operator set as ADMIN_TOKEN "
                                + "(admin.token), and check for missing or extra characters."
                        : "That user name and password do not match an account. Check both (the user name is in "
                                + "lower case); after several failures the account is locked for a while.",
                        null, typed)));
        }
    }

    @POST
    @Path("/logout")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response logout(@RestCookie(UiSessions.COOKIE) String cookie, @RestForm(UiSessions.CSRF_FIELD) String csrf) {
        Optional<UiSessions.Session> session = sessions.verify(cookie);
        if (session.isPresent() && !sessions.csrfValid(session.get(), csrf)) {
            return UiErrors.csrfRefused();
        }
        return Response.seeOther(URI.create("/ui/login?out=true")).cookie(sessions.expiredCookie()).build();
    }

    private static Response html(Response.ResponseBuilder builder) {
        return UiHeaders.add(builder.type(MediaType.TEXT_HTML_TYPE)).build();
    }
}
