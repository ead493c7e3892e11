package org.handover.replay.timeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.handover.contracts.ContractJson;

/**
 * A conversation's bulletin steps as handover-service keeps them: what no topic carries. A copy held while an agent
 * holds the thread, or dropped by handover-service (outside the window, window closed, cancelled, hold expired), is
 * decided in its database only; queued copies are on the decision stream too, and what bot-service did with them on
 * {@code messenger.outbound}. Read from its admin API ({@code GET /admin/pages/{pageId}/bulletins/recipients/{psid}},
 * the user's copies of the page's latest 50 bulletins), one {@link Stage#BULLETIN} entry per step: {@code held}
 * (when first held), {@code queued} (when last ordered), and where the copy is now ({@code sent}, {@code dropped},
 * {@code failed} with the reason, {@code held} still, or {@code pending}). Only steps at or after the window's start.
 */
public final class BulletinSteps {

    /** Where the entries come from (their "topic"; they have no partition or offset). */
    public static final String SOURCE = "handover-service bulletin_recipient";

    private BulletinSteps() {
    }

    /** Reads the user's copies from handover-service at {@code handover} with the admin {@code token}. */
    public static List<TimelineEntry> read(URI handover, String token, TimelineQuery query) {
        String path = "/admin/pages/" + encode(query.pageId()) + "/bulletins/recipients/" + encode(query.psid());
        URI uri = handover.resolve(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + uri + " answered " + response.statusCode());
            }
            return entries(ContractJson.mapper().readTree(response.body()), query);
        } catch (IOException e) {
            throw new IllegalStateException("GET " + uri + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during GET " + uri, e);
        }
    }

    /** The steps of {@code copies} (the admin API's answer) at or after the query's start, in time order. */
    static List<TimelineEntry> entries(JsonNode copies, TimelineQuery query) {
        List<TimelineEntry> entries = new ArrayList<>();
        if (copies == null || !copies.isArray()) {
            return entries;
        }
        for (JsonNode copy : copies) {
            String bulletin = copy.path("bulletinId").asText();
            String state = copy.path("state").asText();
            String reason = copy.path("reason").isTextual() ? copy.path("reason").asText() : null;
            Instant heldSince = instant(copy, "heldSince");
            Instant orderedAt = instant(copy, "orderedAt");
            Instant updatedAt = instant(copy, "updatedAt");
            String decision = copy.path("decisionId").isTextual() ? copy.path("decisionId").asText() : null;
            if (heldSince != null) {
                String why = "HELD".equals(state) && reason != null ? ": " + reason : " (first held; moved on since)";
                add(entries, query, heldSince, "bulletin " + bulletin + " held" + why, null, copy);
            }
            if (orderedAt != null) {
                add(entries, query, orderedAt, "bulletin " + bulletin + " queued (order " + decision + ", attempt "
                        + copy.path("attempts").asInt() + ")", decision, copy);
            }
            String now = switch (state) {
                case "SENT" -> "sent";
                case "DROPPED" -> "dropped" + (reason == null ? "" : ": " + reason);
                case "FAILED" -> "failed" + (reason == null ? "" : ": " + reason);
                case "PENDING" -> "pending (not decided yet)";
                default -> null; // HELD and QUEUED: their step above is where the copy is
            };
            if (now != null && updatedAt != null) {
                add(entries, query, updatedAt, "bulletin " + bulletin + " " + now, decision, copy);
            }
        }
        entries.sort(Comparator.comparing(TimelineEntry::at));
        return entries;
    }

    private static void add(List<TimelineEntry> entries, TimelineQuery query, Instant at, String summary,
            String decisionId, JsonNode copy) {
        if (at.isBefore(query.from())) {
            return;
        }
        entries.add(new TimelineEntry(at, Stage.BULLETIN, SOURCE, -1, -1, query.key(), summary, null, null,
                decisionId, null, Map.of(), copy));
    }

    private static Instant instant(JsonNode copy, String field) {
        JsonNode value = copy.path(field);
        if (!value.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
