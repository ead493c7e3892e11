package org.handover.handover.ui;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/** Headers of every settings-page answer: never cached, never framed, no scripts from anywhere. */
final class UiHeaders {

    private UiHeaders() {
    }

    static Response.ResponseBuilder add(Response.ResponseBuilder builder) {
        MultivaluedMap<String, Object> headers = new MultivaluedHashMap<>();
        add(headers);
        headers.forEach((name, values) -> builder.header(name, values.get(0)));
        return builder;
    }

    static void add(MultivaluedMap<String, Object> headers) {
        headers.putSingle("Cache-Control", "no-store");
        headers.putSingle("X-Frame-Options", "DENY");
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("Referrer-Policy", "no-referrer");
        headers.putSingle("Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
    }
}
