package org.handover.testsupport.fuzz;

import static org.handover.testsupport.fuzz.Json.arr;
import static org.handover.testsupport.fuzz.Json.obj;

import java.util.List;
import java.util.Random;
import org.handover.testsupport.fuzz.Json.Obj;

/**
 * Webhook bodies and events in the shapes Meta documents (see {@code MESSENGER.md}): the {@code page} envelope with
 * {@code messaging[]} and {@code standby[]} entries, and every event kind the services read (messages with text,
 * quick replies and attachments, echoes, postbacks, deliveries, reads, referrals, opt-ins, reactions, and the
 * handover events). The fuzzers start from these and mutate them with {@link JsonMutator}.
 */
public final class MetaShapes {

    /** Our bot's app id in the test profiles. */
    public static final String OUR_APP = "220000000000002";
    /** The Page Inbox's app id. */
    public static final String PAGE_INBOX = "263902037430900";

    private static final List<String> KINDS = List.of("text", "quick_reply", "attachment", "echo", "postback",
            "delivery", "read", "referral", "optin", "reaction", "pass_thread_control", "take_thread_control",
            "request_thread_control", "app_roles");

    private final Random random;

    public MetaShapes(Random random) {
        this.random = random;
    }

    /** A body of 1 to 3 entries of page {@code pageId}, each with 1 to 4 events of users named after {@code user}. */
    public Obj body(String pageId, String user) {
        List<Object> entries = arr();
        int count = 1 + random.nextInt(3);
        for (int e = 0; e < count; e++) {
            List<Object> events = arr();
            int n = 1 + random.nextInt(4);
            for (int i = 0; i < n; i++) {
                events.add(event(pageId, user + random.nextInt(5)));
            }
            entries.add(obj("id", pageId, "time", 1_764_064_800_000L + random.nextInt(1_000_000),
                    random.nextInt(4) == 0 ? "standby" : "messaging", events));
        }
        return obj("object", "page", "entry", entries);
    }

    /** One event of a random kind between {@code psid} and page {@code pageId}. */
    public Obj event(String pageId, String psid) {
        String kind = KINDS.get(random.nextInt(KINDS.size()));
        long timestamp = 1_764_064_800_000L + random.nextInt(1_000_000);
        String mid = "m_" + Long.toHexString(random.nextLong());
        Obj user = obj("id", psid);
        Obj page = obj("id", pageId);
        return switch (kind) {
            case "text" -> obj("sender", user, "recipient", page, "timestamp", timestamp,
                    "message", obj("mid", mid, "text", random.nextBoolean() ? "hours" : "I want a person"));
            case "quick_reply" -> obj("sender", user, "recipient", page, "timestamp", timestamp,
                    "message", obj("mid", mid, "text", "Yes", "quick_reply",
                            obj("payload", random.nextBoolean() ? "MH_HANDOVER_ACCEPT" : "OPENING_HOURS")));
            case "attachment" -> obj("sender", user, "recipient", page, "timestamp", timestamp,
                    "message", obj("mid", mid, "attachments", arr(obj("type", "image",
                            "payload", obj("url", "https://scontent.example/" + mid + ".jpg", "sticker_id", 369239263222822L)))));
            case "echo" -> obj("sender", page, "recipient", user, "timestamp", timestamp,
                    "message", obj("is_echo", true, "app_id", random.nextBoolean() ? Long.parseLong(PAGE_INBOX)
                            : Long.parseLong(OUR_APP), "metadata", "d-1", "mid", mid, "text", "An agent here"));
            case "postback" -> obj("sender", user, "recipient", page, "timestamp", timestamp,
                    "postback", obj("title", "Get Started", "payload", "GET_STARTED", "mid", mid));
            case "delivery" -> obj("sender", user, "recipient", page,
                    "delivery", obj("mids", arr(mid), "watermark", timestamp));
            case "read" -> obj("sender", user, "recipient", page, "timestamp", timestamp,
                    "read", obj("watermark", timestamp));
            case "referral" -> obj("sender", user, "recipient", page, "timestamp", timestamp,
                    "referral", obj("ref", "summer", "source", "SHORTLINK", "type", "OPEN_THREAD"));
            case "optin" -> obj("recipient", page, "timestamp", timestamp,
                    "optin", obj("ref", "checkbox", "user_ref", "ur_" + psid));
            case "reaction" -> obj("sender", user, "recipient", page, "timestamp", timestamp,
                    "reaction", obj("reaction", "love", "emoji", "\u2764", "action", "react", "mid", mid));
            case "pass_thread_control" -> obj("sender", user, "recipient", page, "timestamp", timestamp,
                    "pass_thread_control", obj("new_owner_app_id", OUR_APP, "previous_owner_app_id", PAGE_INBOX,
                            "metadata", "done"));
            case "take_thread_control" -> obj("sender", user, "recipient", page, "timestamp", timestamp,
                    "take_thread_control", obj("previous_owner_app_id", OUR_APP, "new_owner_app_id", PAGE_INBOX,
                            "metadata", "agent"));
            case "request_thread_control" -> obj("sender", user, "recipient", page, "timestamp", timestamp,
                    "request_thread_control", obj("requested_owner_app_id", PAGE_INBOX, "metadata", "inbox"));
            default -> obj("recipient", page, "timestamp", timestamp,
                    "app_roles", obj(OUR_APP, arr("primary_receiver"), PAGE_INBOX, arr("secondary_receiver")));
        };
    }
}
