package org.handover.ingress.bench;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The benchmark's ceiling: the same Quarkus HTTP stack, on the event loop, reading the body and answering
 * {@code 200} with nothing else. Test sources only; never in the service's jar.
 */
@Path(CeilingResource.PATH)
public class CeilingResource {

    static final String PATH = "/bench/ceiling";

    @POST
    @NonBlocking
    public RestResponse<Void> receive(byte[] body) {
        return RestResponse.ok();
    }
}
