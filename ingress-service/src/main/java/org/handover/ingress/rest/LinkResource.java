package org.handover.ingress.rest;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.handover.ingress.service.ClickService;
import org.handover.ingress.service.ClickService.Answer;

/**
 * A bulletin's tracked link, {@value #PATH}{@code {token}}: {@code 302} to the URL the admin wrote when the token is
 * one of ours, a plain {@code 404} (no detail) otherwise. The answer never waits for Kafka (see
 * {@link ClickService}). Nothing of the token or the target is logged.
 */
// On the event loop: verifying a token is microseconds of CPU and the click record is handed over without waiting.
@NonBlocking
@Path(LinkResource.PATH + "{token}")
public class LinkResource {

    /** Where tracked links live; handover-service's {@code TRACKING_BASE_URL} ends with it. */
    public static final String PATH = "/l/";

    private final ClickService clicks;

    public LinkResource(ClickService clicks) {
        this.clicks = clicks;
    }

    @GET
    public Response click(@PathParam("token") String token, @HeaderParam(HttpHeaders.USER_AGENT) String userAgent) {
        return answer(clicks.click(token, userAgent, false));
    }

    @HEAD
    public Response peek(@PathParam("token") String token) {
        return answer(clicks.click(token, null, true));
    }

    private static Response answer(Answer answer) {
        if (answer instanceof Answer.Redirect redirect) {
            return Response.status(Response.Status.FOUND).location(URI.create(redirect.url()))
                    // Each click must reach us: no browser or proxy keeps the redirect; the target does not learn the
                    // token from a Referer.
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .header("Referrer-Policy", "no-referrer")
                    .build();
        }
        return Response.status(Response.Status.NOT_FOUND).type(MediaType.TEXT_PLAIN_TYPE).entity("Not Found")
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }
}
