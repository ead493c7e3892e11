package org.handover.replay.shadow;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The few admin API calls a replay makes (page settings, catalogs), with the bearer token of that API. */
final class AdminHttp {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The body of a 200 answer; anything else is a {@link ReplayException} naming the call (never the token). */
    String get(URI uri, String token) {
        return send(HttpRequest.newBuilder(uri).GET(), token, uri, "GET");
    }

    String put(URI uri, String token, String json) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)), token, uri, "PUT");
    }

    String post(URI uri, String token) {
        return send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()), token, uri, "POST");
    }

    private String send(HttpRequest.Builder request, String token, URI uri, String method) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new ReplayException(method + " " + uri + " answered " + response.statusCode() + ": "
                        + abbreviate(response.body()));
            }
            return response.body();
        } catch (IOException e) {
            throw new ReplayException(method + " " + uri + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplayException("interrupted during " + method + " " + uri);
        }
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 500 ? body.substring(0, 500) + "..." : body;
    }
}
