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
import org.jboss.logging.Logger;

/**
 * Signing in to and out of the settings page. The sign-in form takes the admin token ({@code admin.token}); a wrong
 * one gets {@code 401} and the form again, and nothing about the token is logged.
 */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
public class UiLoginResource {

    private static final Logger LOG = Logger.getLogger(UiLoginResource.class);

    private final UiSessions sessions;

    public UiLoginResource(UiSessions sessions) {
        this.sessions = sessions;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(String error, String notice);
    }

    @GET
    public Response root() {
        return Response.seeOther(URI.create("/ui/pages")).build();
    }

    @GET
    @Path("/login")
    public Response loginForm(@RestQuery boolean expired, @RestQuery boolean out) {
        String notice = out ? "You are signed out." : expired ? "Your session has ended: sign in again." : null;
        return html(Response.ok(Templates.login(null, notice)));
    }

    @POST
    @Path("/login")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response login(@RestForm String token) {
        if (!sessions.tokenMatches(token)) {
            LOG.info("Settings page: sign-in refused (wrong admin token)");
            return html(Response.status(Response.Status.UNAUTHORIZED).entity(Templates.login(
                    "That admin token is not right. Use the value the operator set as ADMIN_TOKEN (admin.token), "
                            + "and check for missing or extra characters.",
                    null)));
        }
        return Response.seeOther(URI.create("/ui/pages")).cookie(sessions.cookie(sessions.open())).build();
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
