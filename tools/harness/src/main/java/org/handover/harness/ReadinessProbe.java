package org.handover.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks a service's readiness endpoint whether it is ready (HTTP 200: every readiness check is UP). */
public final class ReadinessProbe {

    /** What a readiness endpoint answered. */
    public enum Answer {
        /** 200: ready. */
        READY,
        /** Any other status (503 while a check is DOWN). */
        NOT_READY,
        /** No HTTP answer: not listening yet, or gone. */
        UNREACHABLE;
    }

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    /** One request; never throws. */
    public Answer check(URI readiness) {
        HttpRequest request = HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(3)).GET().build();
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 ? Answer.READY : Answer.NOT_READY;
        } catch (IOException e) {
            return Answer.UNREACHABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.UNREACHABLE;
        }
    }
}
