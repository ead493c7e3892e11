package org.handover.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.handover.contracts.Messenger;
import org.handover.emulator.JournalEntry.Type;

/**
 * Meta's side of Messenger, as state and rules, without HTTP: pages and apps, thread ownership per conversation, the
 * Send API and the thread-control calls with Meta's semantics and error codes, the person chatting and the Page Inbox
 * agent. Every webhook event it produces goes to a sink (the HTTP deliverer, or a test), and everything that happens
 * goes to the {@link Journal}.
 *
 * <p>Rules, from {@code MESSENGER.md}:
 * <ul>
 * <li>One app owns a thread at a time. The owner gets the thread's events in {@code messaging[]}, every other
 * subscribed app gets them in {@code standby[]} (a standby postback carries no payload). An idle thread's events go to
 * the page's default receiver (Primary Receiver, or Conversation Routing's default app), which becomes the owner when
 * the user writes. A thread with no activity for 24 hours is idle again.</li>
 * <li>{@code pass_thread_control}: only the owner (or anyone on an idle thread) may pass, to a subscribed app;
 * the new owner gets a {@code pass_thread_control} event. {@code take_thread_control}: only the Primary Receiver or
 * default app; the previous owner gets a {@code take_thread_control} event. {@code request_thread_control}: a
 * non-owner asks; the owner gets a {@code request_thread_control} event. {@code release_thread_control}: the owner
 * makes the thread idle (legacy roles) or gives it back to the default app (Conversation Routing, no webhook).
 * {@code extend_thread_control}: the owner keeps the thread for {@code duration} seconds (at most 7 days) more before
 * it becomes idle.</li>
 * <li>Conversation Routing with {@code handoverApisDisabled}: take, request, extend, {@code thread_owner} and
 * {@code secondary_receivers} answer "Handover Protocol APIs disabled for this page"; pass and release work.</li>
 * <li>{@code GET /{page}?fields=name}: the page's id and name.</li>
 * <li>Send API: a valid page token, a user who wrote to the page, the 24-hour window for {@code RESPONSE}/
 * {@code UPDATE}, at most 13 quick replies of at most 20 characters. An app that does not own the thread gets
 * 10/2018300 (strict, the default); when not strict the message goes out and the journal says it should not have.
 * Every message sent is echoed to the subscribed apps, {@code app_id} and {@code metadata} included.</li>
 * </ul>
 *
 * <p>Thread-safe: every operation holds the platform's lock, so the journal and the webhook events follow one order.
 */
public final class MessengerPlatform {

    /** Longest quick-reply title Meta accepts. */
    public static final int QUICK_REPLY_TITLE_MAX = 20;
    /** Most quick replies in one message. */
    public static final int QUICK_REPLIES_MAX = 13;
    /** Longest text message. */
    public static final int TEXT_MAX = 2000;
    /** A thread with no activity this long is idle again. */
    public static final Duration IDLE_AFTER = Duration.ofHours(24);
    /** The standard messaging window after the user's last message. */
    public static final Duration STANDARD_WINDOW = Duration.ofHours(24);
    /** The longest {@code extend_thread_control} duration. */
    public static final Duration EXTEND_MAX = Duration.ofDays(7);
    /** The {@code HUMAN_AGENT} tag's window. */
    public static final Duration HUMAN_AGENT_WINDOW = Duration.ofDays(7);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmulatorClock clock;
    private final Journal journal;
    private final Consumer<WebhookEvent> sink;
    private final Map<String, AppSpec> apps = new LinkedHashMap<>();
    private final Map<String, Page> pages = new LinkedHashMap<>();
    private final Map<String, Grant> tokens = new LinkedHashMap<>();
    private final String instance = randomId(6);
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean strictOwnership = true;

    /**
     * @param clock   the platform's time (tests can move it forward)
     * @param journal where everything is recorded
     * @param sink    receives every webhook event, in order
     */
    public MessengerPlatform(EmulatorClock clock, Journal journal, Consumer<WebhookEvent> sink) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    public Journal journal() {
        return journal;
    }

    public EmulatorClock clock() {
        return clock;
    }

    // ---------------------------------------------------------------------------------------------------- setup

    /** Adds or replaces an app. */
    public synchronized void putApp(AppSpec app) {
        apps.put(app.id(), app);
        journal.add(now(), Type.SETUP, null, null, app.id(), "app", JournalEntry.OK, "name", app.name(),
                "webhook", app.webhook() == null ? "internal" : app.webhook().toString());
    }

    /** The app with this id, or null. */
    public synchronized AppSpec app(String appId) {
        return apps.get(appId);
    }

    /** Every app. */
    public synchronized List<AppSpec> apps() {
        return List.copyOf(apps.values());
    }

    /**
     * Adds or replaces a page (its threads are kept when it is replaced). Its apps must exist. Sends
     * {@code app_roles} to the subscribed apps when the page uses legacy roles.
     */
    public synchronized void putPage(PageSpec spec) {
        for (String appId : spec.subscribedApps()) {
            requireApp(appId);
        }
        for (String appId : spec.tokens().keySet()) {
            requireApp(appId);
        }
        Page page = pages.get(spec.id());
        // A page that is loaded is set up already; only a change of an existing page's roles is announced.
        boolean announce = page != null && !spec.setup().equals(page.setup);
        if (page == null) {
            page = new Page(spec.id());
            pages.put(spec.id(), page);
        }
        tokens.values().removeIf(grant -> grant.pageId().equals(spec.id()));
        Page target = page;
        spec.tokens().forEach((appId, token) -> {
            Grant previous = tokens.put(token, new Grant(target.id, appId));
            if (previous != null && !previous.pageId().equals(target.id)) {
                throw new IllegalArgumentException("The same token is given to two pages");
            }
        });
        page.name = spec.name();
        page.subscribed = new LinkedHashSet<>(spec.subscribedApps());
        page.tokens = new LinkedHashMap<>(spec.tokens());
        journal.add(now(), Type.SETUP, spec.id(), null, null, "page", JournalEntry.OK, "name", spec.name(),
                "subscribedApps", List.copyOf(spec.subscribedApps()));
        applySetup(page, spec.setup(), announce);
    }

    /** Changes a page's roles or Conversation Routing setup; legacy roles are announced with {@code app_roles}. */
    public synchronized void setSetup(String pageId, PageSetup setup) {
        applySetup(requirePage(pageId), setup, true);
    }

    private void applySetup(Page page, PageSetup setup, boolean announce) {
        String pageId = page.id;
        page.setup = Objects.requireNonNull(setup, "setup");
        journal.add(now(), Type.SETUP, pageId, null, null, "setup", JournalEntry.OK, "setup", describe(setup));
        if (announce && setup instanceof PageSetup.Legacy legacy) {
            ObjectNode roles = JSON.createObjectNode();
            if (legacy.primaryReceiver() != null) {
                roles.putArray(legacy.primaryReceiver()).add("primary_receiver");
            }
            for (String secondary : legacy.secondaryReceivers()) {
                roles.putArray(secondary).add("secondary_receiver");
            }
            long ts = now().toEpochMilli();
            for (String appId : page.subscribed) {
                ObjectNode event = JSON.createObjectNode();
                event.putObject("recipient").put("id", pageId);
                event.put("timestamp", ts);
                event.set("app_roles", roles.deepCopy());
                emit(appId, pageId, null, WebhookEvent.MESSAGING, "app_roles", nextId("roles"), event, ts);
            }
        }
    }

    /**
     * Gives {@code appId} a new page access token for {@code pageId} (a rotation: the app's previous token for the
     * page stops working, answered 190 like any unknown token). The token is never journaled.
     */
    public synchronized void grantToken(String pageId, String appId, String token) {
        Page page = requirePage(pageId);
        requireApp(appId);
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("A token is required");
        }
        Grant other = tokens.get(token);
        if (other != null && !other.equals(new Grant(pageId, appId))) {
            throw new IllegalArgumentException("The token is another page's or app's");
        }
        tokens.values().removeIf(grant -> grant.equals(new Grant(pageId, appId)));
        tokens.put(token, new Grant(pageId, appId));
        page.tokens.put(appId, token);
        journal.add(now(), Type.SETUP, pageId, null, appId, "token_granted", JournalEntry.OK);
    }

    /**
     * Revokes {@code appId}'s page access token for {@code pageId} (the page admin removed the app, the password
     * changed): every later call with it is answered 190. Returns whether there was one.
     */
    public synchronized boolean revokeToken(String pageId, String appId) {
        Page page = requirePage(pageId);
        boolean revoked = tokens.values().removeIf(grant -> grant.equals(new Grant(pageId, appId)));
        page.tokens.remove(appId);
        journal.add(now(), Type.SETUP, pageId, null, appId, "token_revoked", JournalEntry.OK, "revoked", revoked);
        return revoked;
    }

    /** The page's setup, or null for an unknown page. */
    public synchronized PageSetup setup(String pageId) {
        Page page = pages.get(pageId);
        return page == null ? null : page.setup;
    }

    /** Page ids. */
    public synchronized List<String> pageIds() {
        return List.copyOf(pages.keySet());
    }

    /** Whether an app that does not own a thread is refused (10/2018300) when it sends; true by default. */
    public void strictOwnership(boolean strict) {
        this.strictOwnership = strict;
        journal.add(now(), Type.SETUP, null, null, null, "strict_ownership", JournalEntry.OK, "strict", strict);
    }

    public boolean strictOwnership() {
        return strictOwnership;
    }

    /** The app owning the thread now, or null when it is idle (or nobody ever wrote). */
    public synchronized String owner(String pageId, String psid) {
        Page page = requirePage(pageId);
        Thread thread = page.threads.get(psid);
        return thread == null ? null : currentOwner(page, thread);
    }

    /** Conversations of a page and their owners, by user id. */
    public synchronized Map<String, String> owners(String pageId) {
        Page page = requirePage(pageId);
        Map<String, String> owners = new LinkedHashMap<>();
        page.threads.forEach((psid, thread) -> owners.put(psid, currentOwner(page, thread)));
        return owners;
    }

    // ---------------------------------------------------------------------------------------------- the user

    /** The user writes text. Returns the message id. */
    public synchronized String userSays(String pageId, String psid, String text) {
        requireText(text);
        ObjectNode message = JSON.createObjectNode();
        message.put("text", text);
        return userMessage(pageId, psid, message, "text", text);
    }

    /**
     * The user taps one of the quick replies of the latest message the page sent that offered some, chosen by its
     * title (case-insensitive). Refused when no such quick reply is on offer: a person can only tap what they see.
     */
    public synchronized String userTaps(String pageId, String psid, String title) {
        Page page = requirePage(pageId);
        Thread thread = page.threads.get(psid);
        Offer offer = thread == null ? null : thread.offered.stream()
                .filter(o -> o.title().equalsIgnoreCase(title.trim())).findFirst().orElse(null);
        if (offer == null) {
            throw new IllegalArgumentException("No quick reply titled '" + title + "' is on offer; offered: "
                    + (thread == null ? List.of() : thread.offered.stream().map(Offer::title).toList()));
        }
        ObjectNode message = JSON.createObjectNode();
        message.put("text", offer.title());
        message.putObject("quick_reply").put("payload", offer.payload());
        return userMessage(pageId, psid, message, "quick_reply", offer.title());
    }

    /** The quick-reply titles on offer to the user now (from the page's latest message that offered some). */
    public synchronized List<String> offered(String pageId, String psid) {
        Thread thread = requirePage(pageId).threads.get(psid);
        return thread == null ? List.of() : thread.offered.stream().map(Offer::title).toList();
    }

    /** The user presses a postback button ({@code title}, {@code payload}). Returns the postback's message id. */
    public synchronized String userPostback(String pageId, String psid, String title, String payload) {
        Page page = requirePage(pageId);
        Thread thread = userThread(page, psid);
        Instant now = now();
        String mid = nextMid();
        ObjectNode event = userEvent(psid, pageId, now);
        ObjectNode postback = event.putObject("postback");
        postback.put("title", title);
        postback.put("payload", payload);
        postback.put("mid", mid);
        thread.offered = List.of();
        journal.add(now, Type.USER, pageId, psid, null, "postback", JournalEntry.OK, "mid", mid, "text", title);
        route(page, thread, event, "postback", mid, now);
        return mid;
    }

    /** The user sends a sticker (a thumbs-up). Returns the message id. */
    public synchronized String userSendsSticker(String pageId, String psid) {
        ObjectNode message = JSON.createObjectNode();
        message.put("sticker_id", 369239263222822L);
        ObjectNode attachment = message.putArray("attachments").addObject();
        attachment.put("type", "image");
        attachment.putObject("payload").put("url", "https://scontent.example/sticker.png")
                .put("sticker_id", 369239263222822L);
        return userMessage(pageId, psid, message, "sticker", "(sticker)");
    }

    /** The user sends an attachment ({@code image}, {@code audio}, {@code video}, {@code file}). */
    public synchronized String userSendsAttachment(String pageId, String psid, String type) {
        if (!Set.of("image", "audio", "video", "file").contains(type)) {
            throw new IllegalArgumentException("Attachment type must be image, audio, video or file");
        }
        ObjectNode message = JSON.createObjectNode();
        ObjectNode attachment = message.putArray("attachments").addObject();
        attachment.put("type", type);
        attachment.putObject("payload").put("url", "https://scontent.example/" + type);
        return userMessage(pageId, psid, message, "attachment", "(" + type + ")");
    }

    private String userMessage(String pageId, String psid, ObjectNode message, String action, String text) {
        Page page = requirePage(pageId);
        Thread thread = userThread(page, psid);
        Instant now = now();
        String mid = nextMid();
        ObjectNode event = userEvent(psid, pageId, now);
        ObjectNode body = event.putObject("message");
        body.put("mid", mid);
        body.setAll(message);
        thread.offered = List.of();
        journal.add(now, Type.USER, pageId, psid, null, action, JournalEntry.OK, "mid", mid, "text", text);
        route(page, thread, event, "message", mid, now);
        return mid;
    }

    /** A user's thread; writing to an idle thread gives it to the page's default receiver. */
    private Thread userThread(Page page, String psid) {
        if (psid == null || psid.isBlank()) {
            throw new IllegalArgumentException("A user id (PSID) is required");
        }
        Thread thread = page.threads.computeIfAbsent(psid, Thread::new);
        Instant now = now();
        String owner = currentOwner(page, thread);
        if (owner == null && page.setup.defaultReceiver() != null) {
            changeOwner(page, thread, page.setup.defaultReceiver(), "idle_thread_message", now);
        }
        thread.lastActivity = now;
        thread.lastUserMessageAt = now;
        return thread;
    }

    // ------------------------------------------------------------------------------------ the Page Inbox agent

    /** The agent replies from the Page Inbox (tag {@code HUMAN_AGENT}). Returns the message id. */
    public synchronized String agentReplies(String pageId, String psid, String text) {
        requireText(text);
        Page page = requirePage(pageId);
        Thread thread = requireThread(page, psid);
        Instant now = now();
        String owner = currentOwner(page, thread);
        String mid = nextMid();
        journal.add(now, Type.AGENT, pageId, psid, Messenger.PAGE_INBOX_APP_ID, "reply", JournalEntry.OK, "mid", mid,
                "text", text, "inboxOwnedThread", Messenger.PAGE_INBOX_APP_ID.equals(owner));
        thread.lastActivity = now;
        thread.offered = List.of();
        echo(page, thread, Messenger.PAGE_INBOX_APP_ID, mid, text, List.of(), null, now);
        return mid;
    }

    /** The agent marks the conversation done: the Page Inbox passes control to the page's default receiver. */
    public synchronized void agentMarksDone(String pageId, String psid) {
        Page page = requirePage(pageId);
        Thread thread = requireThread(page, psid);
        String owner = currentOwner(page, thread);
        if (!Messenger.PAGE_INBOX_APP_ID.equals(owner)) {
            journal.add(now(), Type.AGENT, pageId, psid, Messenger.PAGE_INBOX_APP_ID, "done", "not_in_inbox",
                    "owner", owner);
            throw new IllegalStateException("The conversation is not in the Page Inbox (owner: " + owner + ")");
        }
        String target = page.setup.defaultReceiver();
        if (target == null) {
            journal.add(now(), Type.AGENT, pageId, psid, Messenger.PAGE_INBOX_APP_ID, "done", "no_default_app");
            throw new IllegalStateException("The page has no Primary Receiver or default app to give the thread to");
        }
        journal.add(now(), Type.AGENT, pageId, psid, Messenger.PAGE_INBOX_APP_ID, "done", JournalEntry.OK);
        pass(page, Messenger.PAGE_INBOX_APP_ID, psid, target, "marked done in the Page Inbox");
    }

    /**
     * The agent moves the conversation from Done into the Inbox: the Page Inbox asks the owner for control
     * ({@code request_thread_control}).
     */
    public synchronized void agentMovesToInbox(String pageId, String psid) {
        Page page = requirePage(pageId);
        requireThread(page, psid);
        journal.add(now(), Type.AGENT, pageId, psid, Messenger.PAGE_INBOX_APP_ID, "move_to_inbox", JournalEntry.OK);
        request(page, Messenger.PAGE_INBOX_APP_ID, psid, "moved to the Inbox");
    }

    // ---------------------------------------------------------------------------------------- the Graph API

    /** {@code POST /{page}/messages}. */
    public synchronized ObjectNode send(String token, String pathPage, JsonNode body) {
        Caller caller = authenticate(token, pathPage);
        Page page = caller.page();
        String psid = text(body.path("recipient").path("id"));
        JsonNode message = body.path("message");
        String messagingType = text(body.path("messaging_type"));
        String tag = text(body.path("tag"));
        String text = text(message.path("text"));
        String metadata = text(message.path("metadata"));
        Thread thread = psid == null ? null : page.threads.get(psid);
        String owner = thread == null ? null : currentOwner(page, thread);
        boolean ownsThread = thread != null && caller.appId().equals(effectiveReceiver(page, owner));
        List<Offer> offers = new ArrayList<>();
        try {
            if (psid == null) {
                throw new GraphException(GraphError.invalidParameter("param recipient must be non-empty."));
            }
            if (thread == null) {
                throw new GraphException(GraphError.noMatchingUser());
            }
            if (message.isMissingNode() || !message.isObject()) {
                throw new GraphException(GraphError.invalidParameter("param message must be non-empty."));
            }
            if (text == null && message.path("attachment").isMissingNode()) {
                throw new GraphException(GraphError.invalidParameter("Message must contain text or an attachment"));
            }
            if (text != null && (text.isEmpty() || text.length() > TEXT_MAX)) {
                throw new GraphException(GraphError.invalidParameter(
                        "param message[text] must be between 1 and " + TEXT_MAX + " characters"));
            }
            offers = offers(message.path("quick_replies"));
            checkWindow(thread, messagingType, tag);
            if (!ownsThread && strictOwnership) {
                throw new GraphException(GraphError.anotherAppControlsThread());
            }
        } catch (GraphException e) {
            journal.add(now(), Type.SEND_API, page.id, psid, caller.appId(), "send", e.error().label(),
                    "text", text, "metadata", metadata, "messagingType", messagingType, "owner", owner,
                    "callerOwnedThread", ownsThread, "error", e.error().message());
            throw e;
        }
        Instant now = now();
        String mid = nextMid();
        journal.add(now, Type.SEND_API, page.id, psid, caller.appId(), "send", JournalEntry.OK, "messageId", mid,
                "text", text, "quickReplies", offers.stream().map(Offer::title).toList(), "metadata", metadata,
                "messagingType", messagingType, "tag", tag, "owner", owner, "callerOwnedThread", ownsThread);
        thread.lastActivity = now;
        if (!offers.isEmpty()) {
            thread.offered = List.copyOf(offers);
        }
        echo(page, thread, caller.appId(), mid, text, offers, metadata, now);
        ObjectNode answer = JSON.createObjectNode();
        answer.put("recipient_id", psid);
        answer.put("message_id", mid);
        return answer;
    }

    /** {@code POST /{page}/pass_thread_control}. */
    public synchronized ObjectNode passThreadControl(String token, String pathPage, JsonNode body) {
        Caller caller = authenticate(token, pathPage);
        String psid = text(body.path("recipient").path("id"));
        String target = text(body.path("target_app_id"));
        String metadata = text(body.path("metadata"));
        return control(caller, "pass_thread_control", psid, () -> {
            if (target == null) {
                throw new GraphException(GraphError.invalidParameter("param target_app_id must be non-empty."));
            }
            pass(caller.page(), caller.appId(), psid, target, metadata);
        });
    }

    /** {@code POST /{page}/take_thread_control}. */
    public synchronized ObjectNode takeThreadControl(String token, String pathPage, JsonNode body) {
        Caller caller = authenticate(token, pathPage);
        String psid = text(body.path("recipient").path("id"));
        String metadata = text(body.path("metadata"));
        return control(caller, "take_thread_control", psid, () -> take(caller.page(), caller.appId(), psid, metadata));
    }

    /** {@code POST /{page}/request_thread_control}. */
    public synchronized ObjectNode requestThreadControl(String token, String pathPage, JsonNode body) {
        Caller caller = authenticate(token, pathPage);
        String psid = text(body.path("recipient").path("id"));
        String metadata = text(body.path("metadata"));
        return control(caller, "request_thread_control", psid,
                () -> request(caller.page(), caller.appId(), psid, metadata));
    }

    /** {@code POST /{page}/release_thread_control}. */
    public synchronized ObjectNode releaseThreadControl(String token, String pathPage, JsonNode body) {
        Caller caller = authenticate(token, pathPage);
        String psid = text(body.path("recipient").path("id"));
        return control(caller, "release_thread_control", psid, () -> release(caller.page(), caller.appId(), psid));
    }

    /**
     * {@code POST /{page}/extend_thread_control} {@code {recipient:{id}, duration}}: the app holding the thread keeps
     * it {@code duration} seconds (1 to 7 days) from now, however quiet the thread stays.
     */
    public synchronized ObjectNode extendThreadControl(String token, String pathPage, JsonNode body) {
        Caller caller = authenticate(token, pathPage);
        String psid = text(body.path("recipient").path("id"));
        JsonNode duration = body.path("duration");
        return control(caller, "extend_thread_control", psid, () -> extend(caller.page(), caller.appId(), psid,
                duration));
    }

    /** {@code GET /{page}?fields=name}: the page's id and name (the id alone when no field is asked for). */
    public synchronized ObjectNode pageInfo(String token, String pathPage, String fields) {
        Caller caller = authenticate(token, pathPage);
        Page page = caller.page();
        ObjectNode answer = JSON.createObjectNode();
        answer.put("id", page.id);
        Set<String> asked = fields == null ? Set.of() : Set.of(fields.split(","));
        for (String field : asked) {
            switch (field.trim()) {
                case "name" -> answer.put("name", page.name);
                case "id", "" -> {
                }
                default -> {
                    return readRefused(caller, "page", GraphError.invalidParameter(
                            "Tried accessing nonexisting field (" + field.trim() + ") on node type (Page)"));
                }
            }
        }
        journal.add(now(), Type.READ_API, page.id, null, caller.appId(), "page", JournalEntry.OK, "fields",
                List.copyOf(asked));
        return answer;
    }

    /** {@code GET /{page}/thread_owner?recipient=PSID}: empty {@code data} when the thread is idle. */
    public synchronized ObjectNode threadOwner(String token, String pathPage, String psid) {
        Caller caller = authenticate(token, pathPage);
        Page page = caller.page();
        if (handoverApisDisabled(page)) {
            return readRefused(caller, "thread_owner", GraphError.handoverApisDisabled());
        }
        if (psid == null || psid.isBlank()) {
            return readRefused(caller, "thread_owner", GraphError.invalidParameter("param recipient is required"));
        }
        Thread thread = page.threads.get(psid);
        if (thread == null) {
            return readRefused(caller, "thread_owner", GraphError.noMatchingUser());
        }
        String owner = currentOwner(page, thread);
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode data = answer.putArray("data");
        if (owner != null) {
            data.addObject().putObject("thread_owner").put("app_id", owner);
        }
        journal.add(now(), Type.READ_API, page.id, psid, caller.appId(), "thread_owner", JournalEntry.OK, "owner",
                owner);
        return answer;
    }

    /** {@code GET /{page}/secondary_receivers}: legacy roles only, and only the Primary Receiver may ask. */
    public synchronized ObjectNode secondaryReceivers(String token, String pathPage) {
        Caller caller = authenticate(token, pathPage);
        Page page = caller.page();
        if (handoverApisDisabled(page)) {
            return readRefused(caller, "secondary_receivers", GraphError.handoverApisDisabled());
        }
        if (!(page.setup instanceof PageSetup.Legacy legacy)) {
            return readRefused(caller, "secondary_receivers", GraphError.permission(
                    "The page uses Conversation Routing; it has no secondary receivers"));
        }
        if (!caller.appId().equals(legacy.primaryReceiver())) {
            return readRefused(caller, "secondary_receivers",
                    GraphError.permission("Only the Primary Receiver app can read the secondary receivers"));
        }
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode data = answer.putArray("data");
        for (String appId : legacy.secondaryReceivers()) {
            AppSpec app = apps.get(appId);
            data.addObject().put("id", appId).put("name", app == null ? appId : app.name());
        }
        journal.add(now(), Type.READ_API, page.id, null, caller.appId(), "secondary_receivers", JournalEntry.OK,
                "apps", legacy.secondaryReceivers());
        return answer;
    }

    /** {@code GET /{page}/subscribed_apps}: the apps subscribed to the page. */
    public synchronized ObjectNode subscribedApps(String token, String pathPage) {
        Caller caller = authenticate(token, pathPage);
        Page page = caller.page();
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode data = answer.putArray("data");
        for (String appId : page.subscribed) {
            data.addObject().put("id", appId).put("name", apps.get(appId).name());
        }
        journal.add(now(), Type.READ_API, page.id, null, caller.appId(), "subscribed_apps", JournalEntry.OK,
                "apps", List.copyOf(page.subscribed));
        return answer;
    }

    /**
     * A call Meta failed instead of handling it (a planned fault, an outage, a rate limit): journaled as that call,
     * refused with {@code outcome}, and nothing else happens (a failed Send API call sends nothing). The caller is
     * named when the token is valid for the page; a Send API call says whether the caller owned the thread.
     *
     * @param call    the edge ({@code messages}, {@code pass_thread_control}, ..., {@code thread_owner})
     * @param psid    the recipient, when the call names one
     * @param text    a Send API call's text, else null
     * @param metadata the call's {@code metadata}, else null
     * @param outcome Meta's code ({@code 2}, {@code 613}) or {@code http_503} for a bare answer
     * @param cause   why it failed ({@code planned}, {@code outage 3}, {@code rate_limit})
     */
    public synchronized void failed(String call, String token, String pathPage, String psid, String text,
            String metadata, String outcome, int httpStatus, String cause) {
        Grant grant = token == null ? null : tokens.get(token);
        boolean valid = grant != null && ("me".equals(pathPage) || grant.pageId().equals(pathPage));
        Page page = valid ? pages.get(grant.pageId()) : null;
        String appId = valid ? grant.appId() : null;
        String pageId = page != null ? page.id : pathPage;
        Thread thread = page == null || psid == null ? null : page.threads.get(psid);
        String owner = thread == null ? null : currentOwner(page, thread);
        if ("messages".equals(call)) {
            boolean ownsThread = thread != null && appId != null && appId.equals(effectiveReceiver(page, owner));
            journal.add(now(), Type.SEND_API, pageId, psid, appId, "send", outcome, "text", text, "metadata",
                    metadata, "owner", owner, "callerOwnedThread", ownsThread, "fault", cause, "httpStatus",
                    httpStatus);
        } else if (call.endsWith("_thread_control")) {
            journal.add(now(), Type.THREAD_CONTROL, pageId, psid, appId, call, outcome, "ownerBefore", owner,
                    "metadata", metadata, "fault", cause, "httpStatus", httpStatus);
        } else {
            journal.add(now(), Type.READ_API, pageId, psid, appId, call, outcome, "fault", cause, "httpStatus",
                    httpStatus);
        }
    }

    /** The app a page access token belongs to, when it is valid for {@code pathPage} (or {@code me}); else null. */
    public synchronized String appOf(String token, String pathPage) {
        Grant grant = token == null ? null : tokens.get(token);
        return grant != null && ("me".equals(pathPage) || grant.pageId().equals(pathPage)) ? grant.appId() : null;
    }

    /** The page a valid token stands for ({@code me} resolved), else {@code pathPage}. */
    public synchronized String pageOf(String token, String pathPage) {
        Grant grant = token == null ? null : tokens.get(token);
        return grant != null && "me".equals(pathPage) ? grant.pageId() : pathPage;
    }

    // ------------------------------------------------------------------------------------------- the rules

    private ObjectNode control(Caller caller, String call, String psid, Runnable action) {
        Page page = caller.page();
        Thread thread = psid == null ? null : page.threads.get(psid);
        String before = thread == null ? null : currentOwner(page, thread);
        try {
            if (psid == null) {
                throw new GraphException(GraphError.invalidParameter("param recipient must be non-empty."));
            }
            if (thread == null) {
                throw new GraphException(GraphError.noMatchingUser());
            }
            action.run();
        } catch (GraphException e) {
            journal.add(now(), Type.THREAD_CONTROL, page.id, psid, caller.appId(), call, e.error().label(),
                    "ownerBefore", before, "error", e.error().message());
            throw e;
        }
        journal.add(now(), Type.THREAD_CONTROL, page.id, psid, caller.appId(), call, JournalEntry.OK,
                "ownerBefore", before, "ownerAfter", currentOwner(page, thread));
        ObjectNode answer = JSON.createObjectNode();
        answer.put("success", true);
        return answer;
    }

    private void pass(Page page, String appId, String psid, String target, String metadata) {
        Thread thread = requireThreadForApi(page, psid);
        String owner = currentOwner(page, thread);
        String receiver = effectiveReceiver(page, owner);
        if (!appId.equals(receiver) && owner != null) {
            throw new GraphException(GraphError.anotherAppControlsThread());
        }
        if (target.equals(appId)) {
            throw new GraphException(GraphError.invalidParameter("Cannot pass thread control to the app itself"));
        }
        if (!page.subscribed.contains(target) || !mayHold(page, target)) {
            throw new GraphException(GraphError.invalidParameter(
                    "Invalid target_app_id: the app is not connected to the page with a role that can hold threads"));
        }
        Instant now = now();
        changeOwner(page, thread, target, "pass_thread_control", now);
        thread.lastActivity = now;
        ObjectNode event = pageEvent(psid, page.id, now);
        ObjectNode pass = event.putObject("pass_thread_control");
        pass.put("new_owner_app_id", target);
        pass.put("previous_owner_app_id", owner);
        if (metadata != null) {
            pass.put("metadata", metadata);
        }
        emit(target, page.id, psid, WebhookEvent.MESSAGING, "pass_thread_control", nextId("pass"), event,
                now.toEpochMilli());
    }

    private void take(Page page, String appId, String psid, String metadata) {
        Thread thread = requireThreadForApi(page, psid);
        if (handoverApisDisabled(page)) {
            throw new GraphException(GraphError.handoverApisDisabled());
        }
        if (!page.setup.mayTake(appId)) {
            throw new GraphException(GraphError.permission(
                    "Only the Primary Receiver or the page's default app can take thread control"));
        }
        String owner = currentOwner(page, thread);
        if (appId.equals(owner)) {
            return;
        }
        Instant now = now();
        changeOwner(page, thread, appId, "take_thread_control", now);
        thread.lastActivity = now;
        if (owner != null) {
            ObjectNode event = pageEvent(psid, page.id, now);
            ObjectNode take = event.putObject("take_thread_control");
            take.put("previous_owner_app_id", owner);
            take.put("new_owner_app_id", appId);
            if (metadata != null) {
                take.put("metadata", metadata);
            }
            emit(owner, page.id, psid, WebhookEvent.MESSAGING, "take_thread_control", nextId("take"), event,
                    now.toEpochMilli());
        }
    }

    private void request(Page page, String appId, String psid, String metadata) {
        Thread thread = requireThreadForApi(page, psid);
        if (handoverApisDisabled(page)) {
            throw new GraphException(GraphError.handoverApisDisabled());
        }
        String owner = effectiveReceiver(page, currentOwner(page, thread));
        if (appId.equals(owner)) {
            throw new GraphException(GraphError.invalidParameter("The app already controls this thread"));
        }
        if (owner == null) {
            throw new GraphException(GraphError.invalidParameter(
                    "The thread is idle and the page has no default app: take or pass control instead"));
        }
        if (!page.subscribed.contains(appId)) {
            throw new GraphException(GraphError.permission("The app is not connected to the page"));
        }
        Instant now = now();
        ObjectNode event = pageEvent(psid, page.id, now);
        ObjectNode request = event.putObject("request_thread_control");
        request.put("requested_owner_app_id", appId);
        if (metadata != null) {
            request.put("metadata", metadata);
        }
        emit(owner, page.id, psid, WebhookEvent.MESSAGING, "request_thread_control", nextId("request"), event,
                now.toEpochMilli());
    }

    private void release(Page page, String appId, String psid) {
        Thread thread = requireThreadForApi(page, psid);
        String owner = currentOwner(page, thread);
        if (!appId.equals(owner)) {
            throw new GraphException(GraphError.anotherAppControlsThread());
        }
        thread.heldUntil = null;
        // Conversation Routing routes a released thread back to the default app, without a webhook.
        String next = page.setup instanceof PageSetup.ConversationRouting && !appId.equals(page.setup.defaultReceiver())
                ? page.setup.defaultReceiver() : null;
        changeOwner(page, thread, next, next == null ? "release_thread_control" : "release_to_default_app", now());
        thread.lastActivity = now();
    }

    private void extend(Page page, String appId, String psid, JsonNode duration) {
        Thread thread = requireThreadForApi(page, psid);
        if (handoverApisDisabled(page)) {
            throw new GraphException(GraphError.handoverApisDisabled());
        }
        if (!duration.canConvertToLong() || duration.asLong() < 1 || duration.asLong() > EXTEND_MAX.toSeconds()) {
            throw new GraphException(GraphError.invalidParameter(
                    "param duration must be a number of seconds from 1 to " + EXTEND_MAX.toSeconds()));
        }
        String owner = currentOwner(page, thread);
        if (!appId.equals(owner)) {
            throw new GraphException(GraphError.anotherAppControlsThread());
        }
        thread.heldUntil = now().plusSeconds(duration.asLong());
    }

    private static boolean handoverApisDisabled(Page page) {
        return page.setup instanceof PageSetup.ConversationRouting routing && routing.handoverApisDisabled();
    }

    private boolean mayHold(Page page, String appId) {
        if (page.setup instanceof PageSetup.Legacy legacy) {
            return appId.equals(legacy.primaryReceiver()) || legacy.secondaryReceivers().contains(appId);
        }
        return true;
    }

    private void checkWindow(Thread thread, String messagingType, String tag) {
        if (messagingType == null) {
            throw new GraphException(GraphError.invalidParameter("param messaging_type must be non-empty."));
        }
        Instant last = thread.lastUserMessageAt;
        Duration window = switch (messagingType) {
            case "RESPONSE", "UPDATE" -> STANDARD_WINDOW;
            case "MESSAGE_TAG" -> {
                if (tag == null) {
                    throw new GraphException(GraphError.invalidParameter("param tag must be non-empty."));
                }
                if ("HUMAN_AGENT".equals(tag)) {
                    yield HUMAN_AGENT_WINDOW;
                }
                if (!Messenger.NON_PROMOTIONAL_TAGS.contains(tag)) {
                    throw new GraphException(GraphError.invalidParameter("param tag must be one of "
                            + "CONFIRMED_EVENT_UPDATE, POST_PURCHASE_UPDATE, ACCOUNT_UPDATE, HUMAN_AGENT"));
                }
                // Meta's non-promotional tags are what lets a message go out after the standard window.
                yield null;
            }
            default -> throw new GraphException(GraphError.invalidParameter(
                    "param messaging_type must be one of RESPONSE, UPDATE, MESSAGE_TAG"));
        };
        if (window != null && (last == null || last.plus(window).isBefore(now()))) {
            throw new GraphException(GraphError.outsideWindow());
        }
    }

    private static List<Offer> offers(JsonNode quickReplies) {
        if (quickReplies.isMissingNode() || quickReplies.isNull()) {
            return List.of();
        }
        if (!quickReplies.isArray() || quickReplies.size() > QUICK_REPLIES_MAX) {
            throw new GraphException(GraphError.invalidParameter(
                    "param message[quick_replies] must be an array of at most " + QUICK_REPLIES_MAX + " elements"));
        }
        List<Offer> offers = new ArrayList<>();
        for (JsonNode reply : quickReplies) {
            String type = text(reply.path("content_type"));
            if (!"text".equals(type)) {
                continue;
            }
            String title = text(reply.path("title"));
            String payload = text(reply.path("payload"));
            if (title == null || title.isEmpty() || title.length() > QUICK_REPLY_TITLE_MAX) {
                throw new GraphException(GraphError.invalidParameter(
                        "param message[quick_replies][title] must be 1 to " + QUICK_REPLY_TITLE_MAX + " characters"));
            }
            if (payload == null || payload.isEmpty() || payload.length() > 1000) {
                throw new GraphException(GraphError.invalidParameter(
                        "param message[quick_replies][payload] must be 1 to 1000 characters"));
            }
            offers.add(new Offer(title, payload));
        }
        return offers;
    }

    /** Echoes a message the page sent (by {@code appId}) to the subscribed apps, by ownership like any event. */
    private void echo(Page page, Thread thread, String appId, String mid, String text, List<Offer> offers,
            String metadata, Instant now) {
        ObjectNode event = JSON.createObjectNode();
        event.putObject("sender").put("id", page.id);
        event.putObject("recipient").put("id", thread.psid);
        event.put("timestamp", now.toEpochMilli());
        ObjectNode message = event.putObject("message");
        message.put("is_echo", true);
        if (appId.chars().allMatch(Character::isDigit)) {
            message.put("app_id", Long.parseLong(appId)); // Meta sends the app id as a number
        } else {
            message.put("app_id", appId);
        }
        if (metadata != null) {
            message.put("metadata", metadata);
        }
        message.put("mid", mid);
        if (text != null) {
            message.put("text", text);
        }
        if (!offers.isEmpty()) {
            ArrayNode replies = message.putArray("quick_replies");
            offers.forEach(o -> replies.addObject().put("content_type", "text").put("title", o.title())
                    .put("payload", o.payload()));
        }
        route(page, thread, event, "message_echo", mid, now);
    }

    /** Sends a conversation event to every subscribed app: the owner in messaging, the others in standby. */
    private void route(Page page, Thread thread, ObjectNode event, String kind, String id, Instant now) {
        String receiver = effectiveReceiver(page, currentOwner(page, thread));
        for (String appId : page.subscribed) {
            boolean owner = appId.equals(receiver);
            ObjectNode copy = event.deepCopy();
            if (!owner && copy.has("postback")) {
                ((ObjectNode) copy.get("postback")).remove("payload");
            }
            emit(appId, page.id, thread.psid, owner ? WebhookEvent.MESSAGING : WebhookEvent.STANDBY, kind, id, copy,
                    now.toEpochMilli());
        }
    }

    private void emit(String appId, String pageId, String psid, String channel, String kind, String id,
            ObjectNode event, long timestamp) {
        sink.accept(new WebhookEvent(appId, pageId, psid, channel, kind, id, event, timestamp));
    }

    private void changeOwner(Page page, Thread thread, String to, String cause, Instant at) {
        String from = thread.owner;
        thread.owner = to;
        if (!Objects.equals(from, to)) {
            thread.heldUntil = null;
        }
        journal.add(at, Type.OWNER_CHANGE, page.id, thread.psid, to, cause, JournalEntry.OK, "from", from, "to", to,
                "fromName", appName(from), "toName", appName(to));
    }

    /** The owner now; a thread without activity for 24 hours becomes idle. */
    private String currentOwner(Page page, Thread thread) {
        if (thread.owner != null && thread.lastActivity != null) {
            Instant idleAt = thread.lastActivity.plus(IDLE_AFTER);
            if (thread.heldUntil != null && thread.heldUntil.isAfter(idleAt)) {
                idleAt = thread.heldUntil;
            }
            if (idleAt.isBefore(now())) {
                thread.heldUntil = null;
                changeOwner(page, thread, null, "idle_24h", idleAt);
            }
        }
        return thread.owner;
    }

    /** Who gets a thread's messaging events: its owner, or for an idle thread the page's default receiver. */
    private static String effectiveReceiver(Page page, String owner) {
        return owner != null ? owner : page.setup.defaultReceiver();
    }

    private Caller authenticate(String token, String pathPage) {
        Grant grant = token == null ? null : tokens.get(token);
        if (grant == null || (!"me".equals(pathPage) && !grant.pageId().equals(pathPage))) {
            journal.add(now(), Type.READ_API, pathPage, null, null, "authenticate",
                    GraphError.invalidToken().label());
            throw new GraphException(GraphError.invalidToken());
        }
        return new Caller(pages.get(grant.pageId()), grant.appId());
    }

    private ObjectNode readRefused(Caller caller, String call, GraphError error) {
        journal.add(now(), Type.READ_API, caller.page().id, null, caller.appId(), call, error.label(), "error",
                error.message());
        throw new GraphException(error);
    }

    private Thread requireThreadForApi(Page page, String psid) {
        Thread thread = page.threads.get(psid);
        if (thread == null) {
            throw new GraphException(GraphError.noMatchingUser());
        }
        return thread;
    }

    private Page requirePage(String pageId) {
        Page page = pages.get(pageId);
        if (page == null) {
            throw new IllegalArgumentException("Unknown page " + pageId);
        }
        return page;
    }

    private static Thread requireThread(Page page, String psid) {
        Thread thread = page.threads.get(psid);
        if (thread == null) {
            throw new IllegalArgumentException("User " + psid + " never wrote to page " + page.id);
        }
        return thread;
    }

    private void requireApp(String appId) {
        if (!apps.containsKey(appId)) {
            throw new IllegalArgumentException("Unknown app " + appId);
        }
    }

    private static void requireText(String text) {
        if (text == null || text.isEmpty() || text.length() > TEXT_MAX) {
            throw new IllegalArgumentException("Text must be 1 to " + TEXT_MAX + " characters");
        }
    }

    private String appName(String appId) {
        if (appId == null) {
            return "idle";
        }
        AppSpec app = apps.get(appId);
        return app == null ? appId : app.name();
    }

    private static String describe(PageSetup setup) {
        if (setup instanceof PageSetup.Legacy legacy) {
            return "legacy primary=" + legacy.primaryReceiver() + " secondary=" + legacy.secondaryReceivers();
        }
        boolean disabled = setup instanceof PageSetup.ConversationRouting routing && routing.handoverApisDisabled();
        return "routing default=" + setup.defaultReceiver() + (disabled ? " handoverApisDisabled" : "");
    }

    private static ObjectNode userEvent(String psid, String pageId, Instant now) {
        ObjectNode event = JSON.createObjectNode();
        event.putObject("sender").put("id", psid);
        event.putObject("recipient").put("id", pageId);
        event.put("timestamp", now.toEpochMilli());
        return event;
    }

    private static ObjectNode pageEvent(String psid, String pageId, Instant now) {
        return userEvent(psid, pageId, now);
    }

    private static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    private Instant now() {
        return clock.instant();
    }

    private String nextMid() {
        return "m_" + instance + "_" + ids.incrementAndGet();
    }

    private String nextId(String prefix) {
        return prefix + "_" + instance + "_" + ids.incrementAndGet();
    }

    private static String randomId(int length) {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < length; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    /** A quick reply on offer to the user. */
    private record Offer(String title, String payload) {
    }

    /** Which page and app a token stands for. */
    private record Grant(String pageId, String appId) {
    }

    private record Caller(Page page, String appId) {
    }

    private static final class Page {
        final String id;
        String name;
        PageSetup setup = new PageSetup.ConversationRouting(null);
        Set<String> subscribed = new LinkedHashSet<>();
        Map<String, String> tokens = new LinkedHashMap<>();
        final Map<String, Thread> threads = new LinkedHashMap<>();

        Page(String id) {
            this.id = id;
        }
    }

    /** One user's conversation with a page. */
    private static final class Thread {
        final String psid;
        String owner;
        Instant lastActivity;
        /** Set by {@code extend_thread_control}: the owner keeps the thread at least until then. */
        Instant heldUntil;
        Instant lastUserMessageAt;
        List<Offer> offered = List.of();

        Thread(String psid) {
            this.psid = psid;
        }
    }
}
