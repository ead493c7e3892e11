package org.handover.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.handover.contracts.EventClass;
import org.handover.emulator.JournalEntry;
import org.handover.emulator.MessengerEmulator;

/**
 * What Meta's journal and handover-service say about a set of conversations since a point of the journal: the
 * invariants the randomized run and the fault drills assert. Read once the system has settled.
 *
 * @param webhooks        webhook POSTs to our app that ingress-service accepted (2xx), redelivered copies included
 * @param redelivered     of those, Meta's redelivered copies
 * @param acceptedEvents  events of these conversations in the accepted POSTs (copies counted)
 * @param userEvents      ids of the users' messages and postbacks in the accepted POSTs, each once
 * @param unprocessed     of {@link #userEvents}, the ones lost: neither in handover-service's dedupe table nor, for an
 *                        inert one (a like or sticker alone: {@code NOISE}), classified on {@code conversation.inbound}
 * @param sends           our app's Send API calls in these conversations (sent or refused)
 * @param withoutControl  of those, the ones to a thread our app did not own
 * @param repeated        decisions (the metadata of a send) Meta accepted more than once
 * @param distinctSent    decisions Meta accepted at least once
 * @param ownerMismatches conversation → Meta's owner and handover-service's, where they differ
 */
record Verdict(long webhooks, long redelivered, long acceptedEvents, Set<String> userEvents, Set<String> unprocessed,
        List<JournalEntry> sends, List<JournalEntry> withoutControl, List<String> repeated, long distinctSent,
        Map<String, String> ownerMismatches) {

    /** The verdict over {@code users}' conversations of the demo page, for the journal after entry {@code firstSeq}. */
    static Verdict of(E2eStack stack, Conversations conversations, Set<String> users, long firstSeq) {
        MessengerEmulator meta = stack.emulator();
        List<JournalEntry> journal = meta.journal().since(firstSeq);
        List<JournalEntry> sends = journal.stream().filter(e -> e.type() == JournalEntry.Type.SEND_API
                && World.OUR_APP.equals(e.appId()) && users.contains(e.psid())).toList();
        List<JournalEntry> withoutControl = sends.stream()
                .filter(e -> !"true".equals(e.detail("callerOwnedThread"))).toList();
        Map<String, Long> perDecision = sends.stream().filter(JournalEntry::ok)
                .collect(Collectors.groupingBy(e -> String.valueOf(e.detail("metadata")), Collectors.counting()));
        List<String> repeated = perDecision.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .toList();
        List<JournalEntry> webhooks = journal.stream().filter(e -> e.type() == JournalEntry.Type.WEBHOOK
                && World.OUR_APP.equals(e.appId()) && "true".equals(e.detail("accepted"))).toList();
        Set<String> userEvents = new HashSet<>();
        long acceptedEvents = 0;
        for (JournalEntry webhook : webhooks) {
            for (Map<String, Object> event : Conversations.events(webhook)) {
                if (!users.contains(String.valueOf(event.get("psid")))) {
                    continue;
                }
                acceptedEvents++;
                Object kind = event.get("kind");
                if ("message".equals(kind) || "postback".equals(kind)) {
                    userEvents.add(String.valueOf(event.get("id")));
                }
            }
        }
        Set<String> unprocessed = unprocessed(stack, userEvents);
        return new Verdict(webhooks.size(), webhooks.stream().filter(e -> "redelivered".equals(e.action())).count(),
                acceptedEvents, userEvents, unprocessed, sends, withoutControl, repeated, perDecision.size(),
                ownerMismatches(meta, conversations, users));
    }

    /** Ids of the messages and postbacks of {@code users} in webhooks accepted after journal entry {@code firstSeq}. */
    static Set<String> acceptedUserEvents(MessengerEmulator meta, Set<String> users, long firstSeq) {
        Set<String> ids = new HashSet<>();
        for (JournalEntry webhook : meta.journal().since(firstSeq)) {
            if (webhook.type() != JournalEntry.Type.WEBHOOK || !World.OUR_APP.equals(webhook.appId())
                    || !"true".equals(webhook.detail("accepted"))) {
                continue;
            }
            for (Map<String, Object> event : Conversations.events(webhook)) {
                Object kind = event.get("kind");
                if (users.contains(String.valueOf(event.get("psid")))
                        && ("message".equals(kind) || "postback".equals(kind))) {
                    ids.add(String.valueOf(event.get("id")));
                }
            }
        }
        return ids;
    }

    /**
     * Of {@code userEvents}, the ones handover-service has not dealt with: not recorded as processed, and not an
     * inert event either. A user's like or sticker alone is classified {@code NOISE}, which handover-service applies
     * without a trace (no transaction, no {@code processed_event} row: it would change nothing); for such an event
     * the last trace is routing-service's classified record, so there the check ends.
     */
    static Set<String> unprocessed(E2eStack stack, Set<String> userEvents) {
        Set<String> unprocessed = new HashSet<>(userEvents);
        unprocessed.removeAll(stack.processedEvents(userEvents));
        if (!unprocessed.isEmpty()) {
            stack.classified(unprocessed).forEach((id, eventClass) -> {
                if (INERT.contains(eventClass)) {
                    unprocessed.remove(id);
                }
            });
        }
        return unprocessed;
    }

    /** The classes handover-service applies without a trace ({@code HandoverStateMachine.isInert}). */
    private static final Set<String> INERT = Set.of(EventClass.NOISE.name(), EventClass.UNKNOWN.name());

    /** Conversation → "Meta X, handover-service Y" for every conversation where the two owners differ. */
    static Map<String, String> ownerMismatches(MessengerEmulator meta, Conversations conversations,
            Set<String> users) {
        Map<String, String> mismatches = new TreeMap<>();
        for (String psid : users) {
            String metaOwner = meta.platform().owner(conversations.pageId(), psid);
            JsonNode view = conversations.history(conversations.pageId(), psid);
            String ourView = view.path("known").asBoolean() ? view.path("ownerAppId").asText(null) : null;
            if (metaOwner != null && !metaOwner.equals(ourView)) {
                mismatches.put(psid, "Meta " + metaOwner + ", handover-service " + ourView);
            }
        }
        return mismatches;
    }

    /** User events handover-service dealt with (processed, or inert and classified). */
    long processed() {
        return userEvents.size() - unprocessed.size();
    }

    /** Sends Meta accepted. */
    long sent() {
        return sends.stream().filter(JournalEntry::ok).count();
    }

    /**
     * Prints what an engineer needs to see why a conversation broke an invariant: Meta's whole journal of it and
     * handover-service's history.
     */
    void explain(MessengerEmulator meta, Conversations conversations) {
        withoutControl.stream().map(JournalEntry::psid).distinct()
                .forEach(psid -> printConversation(meta, conversations, "sent without control", psid));
        ownerMismatches.keySet().forEach(psid -> printConversation(meta, conversations, "owner mismatch", psid));
        sends.stream().filter(e -> e.ok() && repeated.contains(String.valueOf(e.detail("metadata"))))
                .map(JournalEntry::psid).distinct()
                .forEach(psid -> printConversation(meta, conversations, "decision sent twice", psid));
        if (!unprocessed.isEmpty()) {
            System.out.println("  accepted user events never processed: " + new TreeSet<>(unprocessed));
        }
    }

    static void printConversation(MessengerEmulator meta, Conversations conversations, String why, String psid) {
        System.out.println("  " + why + " in conversation " + psid + "; its journal:");
        meta.journal().select(e -> psid.equals(e.psid()) || (e.type() == JournalEntry.Type.WEBHOOK
                && Conversations.events(e).stream().anyMatch(event -> psid.equals(event.get("psid")))))
                .forEach(e -> System.out.println("    " + e.seq() + " " + e.at() + " " + e.type() + " " + e.appId()
                        + " " + e.action() + " " + e.outcome() + " " + e.details()));
        System.out.println("    handover-service: " + conversations.history(conversations.pageId(), psid));
    }
}
