package org.handover.emulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The user's browser: opens a link the page sent and follows its redirects as a browser would (up to
 * {@value #MAX_REDIRECTS}), with a browser's user agent. It goes only to addresses on this machine (loopback): a
 * redirect to anywhere else is named as where the user landed, not loaded, so that no test reaches the Internet.
 */
final class Browser {

    static final int MAX_REDIRECTS = 5;
    static final String USER_AGENT = "Mozilla/5.0 (Linux; Android 14) Messenger-emulator";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();

    LinkClick open(String link) {
        URI uri = URI.create(link);
        List<String> hops = new ArrayList<>();
        int firstStatus = 0;
        String firstLocation = null;
        for (int i = 0; i <= MAX_REDIRECTS; i++) {
            if (!local(uri)) {
                return new LinkClick(link, firstStatus, firstLocation, hops, uri.toString(), false);
            }
            hops.add(uri.toString());
            HttpResponse<Void> response;
            try {
                response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                        .header("User-Agent", USER_AGENT).GET().build(), HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                return new LinkClick(link, firstStatus, firstLocation, hops, uri.toString(), false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new LinkClick(link, firstStatus, firstLocation, hops, uri.toString(), false);
            }
            String location = response.headers().firstValue("Location").orElse(null);
            if (i == 0) {
                firstStatus = response.statusCode();
                firstLocation = location;
            }
            if (response.statusCode() / 100 != 3 || location == null) {
                return new LinkClick(link, firstStatus, firstLocation, hops, uri.toString(), true);
            }
            uri = uri.resolve(location);
        }
        return new LinkClick(link, firstStatus, firstLocation, hops, uri.toString(), false);
    }

    private static boolean local(URI uri) {
        String scheme = uri.getScheme();
        if (uri.getHost() == null || scheme == null
                || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            return false;
        }
        if (uri.getHost().equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            // Literal addresses only: a name is never resolved (that would ask a DNS server outside).
            return uri.getHost().matches("[0-9.]+|\\[[0-9a-fA-F:]+\\]")
                    && InetAddress.getByName(uri.getHost()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
