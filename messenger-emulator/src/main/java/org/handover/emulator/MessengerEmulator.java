package org.handover.emulator;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.handover.emulator.JournalEntry.Type;

/**
 * The Messenger Platform emulator: {@link MessengerPlatform} (state and rules), one {@link WebhookDeliverer} per app
 * with a webhook, and, once {@link #start started}, the HTTP server that answers the Graph API and the control API.
 *
 * <pre>{@code
 * try (MessengerEmulator meta = MessengerEmulator.create()) {
 *     meta.load(EmulatorWorld.singlePage(PAGE, "Shop", APP, SECRET, webhookUri, TOKEN));
 *     meta.start(0);                          // Graph API at meta.baseUrl()
 *     meta.user(PAGE, "u1").says("Where is my parcel?");
 *     meta.awaitDelivered(Duration.ofSeconds(5));
 *     meta.agent(PAGE).marksDone("u1");
 * }
 * }</pre>
 */
public final class MessengerEmulator implements AutoCloseable {

    static {
        // before any class of the JDK's HTTP server loads: it reads the property once
        EmulatorServer.enableTcpNoDelay();
    }

    private final EmulatorClock clock;
    private final Journal journal = new Journal();
    private final DeliverySettings delivery;
    private final HttpClient http;
    private final Map<String, WebhookDeliverer> deliverers = new ConcurrentHashMap<>();
    private final Faults faults;
    private final ApiLatency latency = new ApiLatency();
    private final RateLimits rateLimits = new RateLimits();
    private final Object deliveryProgress = new Object();
    private final MessengerPlatform platform;
    private final Browser browser = new Browser();
    private EmulatorServer server;

    private MessengerEmulator(EmulatorClock clock, long seed) {
        this.clock = clock;
        this.delivery = new DeliverySettings(seed);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1)
                .build();
        this.platform = new MessengerPlatform(clock, journal, this::dispatch);
        this.faults = new Faults(clock, journal);
    }

    /** An emulator on the system clock. */
    public static MessengerEmulator create() {
        return new MessengerEmulator(EmulatorClock.system(), 42L);
    }

    /** An emulator on {@code clock}, drawing duplicates from {@code seed}. */
    public static MessengerEmulator create(EmulatorClock clock, long seed) {
        return new MessengerEmulator(Objects.requireNonNull(clock, "clock"), seed);
    }

    /** Loads apps and pages (added to, or replacing, what is there). */
    public MessengerEmulator load(EmulatorWorld world) {
        boolean inbox = world.apps().stream().anyMatch(a -> a.id().equals(AppSpec.pageInbox().id()));
        if (!inbox && platform.app(AppSpec.pageInbox().id()) == null) {
            platform.putApp(AppSpec.pageInbox());
        }
        world.apps().forEach(platform::putApp);
        world.pages().forEach(platform::putPage);
        return this;
    }

    /** Starts the HTTP server on loopback; {@code port} 0 picks a free one. */
    public MessengerEmulator start(int port) {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /** Starts the HTTP server on {@code address}. */
    public synchronized MessengerEmulator start(InetSocketAddress address) {
        if (server != null) {
            throw new IllegalStateException("Already started on port " + server.port());
        }
        server = EmulatorServer.start(this, address);
        return this;
    }

    /** The Graph API base URL ({@code http://127.0.0.1:<port>}); the services' {@code MESSENGER_GRAPH_BASE_URL}. */
    public URI baseUrl() {
        return URI.create("http://" + requireServer().host() + ":" + requireServer().port());
    }

    /** The HTTP port. */
    public int port() {
        return requireServer().port();
    }

    public MessengerPlatform platform() {
        return platform;
    }

    public Journal journal() {
        return journal;
    }

    public DeliverySettings delivery() {
        return delivery;
    }

    public EmulatorClock clock() {
        return clock;
    }

    /** How long the Graph API takes to answer (0 by default). */
    public ApiLatency latency() {
        return latency;
    }

    /** Meta's failures on purpose: planned refusals and outages (5xx, bare statuses, slow answers). */
    public Faults faults() {
        return faults;
    }

    /** Meta's call rate limits (off by default). */
    public RateLimits rateLimits() {
        return rateLimits;
    }

    /** The person {@code psid} chatting with page {@code pageId}. */
    public User user(String pageId, String psid) {
        return new User(platform, pageId, psid, this);
    }

    /** The Page Inbox agent of page {@code pageId}. */
    public Agent agent(String pageId) {
        return new Agent(platform, pageId);
    }

    /** The conversation as a person reads it. */
    public List<TranscriptLine> transcript(String pageId, String psid) {
        return Transcripts.of(journal.conversation(pageId, psid), id -> {
            AppSpec app = platform.app(id);
            return app == null ? String.valueOf(id) : app.name();
        });
    }

    /** Webhook events queued or being delivered, over every app. */
    public long pendingDeliveries() {
        return deliverers.values().stream().mapToLong(WebhookDeliverer::pending).sum();
    }

    /** Waits until every webhook event produced so far was delivered (answered 2xx). */
    public void awaitDelivered(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (deliveryProgress) {
            // the deliverers notify after each batch they finish (deliveredSome), under this same monitor
            while (pendingDeliveries() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException(pendingDeliveries() + " webhook events still undelivered after "
                            + timeout);
                }
                TimeUnit.NANOSECONDS.timedWait(deliveryProgress, left);
            }
        }
    }

    /** A deliverer finished a batch: wakes {@link #awaitDelivered}. */
    private void deliveredSome() {
        synchronized (deliveryProgress) {
            deliveryProgress.notifyAll();
        }
    }

    /**
     * Makes the next {@code times} calls of {@code call} ({@code messages}, {@code pass_thread_control}, ...,
     * {@code thread_owner}) fail with {@code error}, to play Meta's outages and refusals.
     */
    public void failNext(String call, int times, GraphError error) {
        faults.failNext(call, times, error);
    }

    /**
     * What happens to this call of {@code call} by app {@code appId} on page {@code pageId} (both null for a call
     * without a valid token): its latency, an outage's delay, and a planned failure, an outage or a rate limit.
     */
    Faults.Plan plan(String call, String appId, String pageId) {
        Faults.Plan plan = faults.plan(call, latency.draw(call));
        if (plan.failure() == null && appId != null) {
            GraphError limited = rateLimits.take(call, appId, pageId);
            if (limited != null) {
                return new Faults.Plan(plan.delay(), new Faults.Failure(limited, limited.httpStatus(), "rate_limit"));
            }
        }
        return plan;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop();
            server = null;
        }
        deliverers.values().forEach(WebhookDeliverer::close);
        deliverers.clear();
    }

    private EmulatorServer requireServer() {
        EmulatorServer current = server;
        if (current == null) {
            throw new IllegalStateException("The emulator's HTTP server is not started");
        }
        return current;
    }

    /** Hands a webhook event to its app's deliverer; the events of an app played inside are only journaled. */
    private void dispatch(WebhookEvent event) {
        AppSpec app = platform.app(event.appId());
        if (app == null || !app.external()) {
            journal.add(clock.instant(), Type.WEBHOOK, event.pageId(), event.psid(), event.appId(), "internal",
                    JournalEntry.OK, "kind", event.kind(), "channel", event.channel(), "id", event.id());
            return;
        }
        WebhookDeliverer deliverer = deliverers.compute(app.id(), (id, existing) -> {
            if (existing != null && existing.app().equals(app)) {
                return existing;
            }
            if (existing != null) {
                existing.close();
            }
            return new WebhookDeliverer(app, http, journal, delivery, clock, this::deliveredSome);
        });
        deliverer.enqueue(event);
    }

    /** The person chatting: text, quick-reply taps, postbacks, stickers, attachments. Methods return the mid. */
    public record User(MessengerPlatform platform, String pageId, String psid, MessengerEmulator emulator) {

        public String says(String text) {
            return platform.userSays(pageId, psid, text);
        }

        /** Taps the quick reply titled {@code title} among those the page offered last. */
        public String taps(String title) {
            return platform.userTaps(pageId, psid, title);
        }

        public String postback(String title, String payload) {
            return platform.userPostback(pageId, psid, title, payload);
        }

        public String sticker() {
            return platform.userSendsSticker(pageId, psid);
        }

        public String attachment(String type) {
            return platform.userSendsAttachment(pageId, psid, type);
        }

        /** The quick-reply titles on offer now. */
        public List<String> offered() {
            return platform.offered(pageId, psid);
        }

        /** The http(s) links of the messages the page (bot or agent) sent this user, oldest first. */
        public List<String> links() {
            return emulator.links(pageId, psid);
        }

        /**
         * Clicks the {@code index}-th of {@link #links()} (negative: from the end, -1 the newest) and follows it as a
         * browser would; journaled as the user's {@code click}.
         *
         * @throws IllegalArgumentException when there is no such link
         */
        public LinkClick clicks(int index) {
            List<String> links = links();
            int i = index < 0 ? links.size() + index : index;
            if (i < 0 || i >= links.size()) {
                throw new IllegalArgumentException("No link " + index + " in the messages to this user; they got "
                        + links.size());
            }
            return emulator.click(pageId, psid, links.get(i));
        }

        /** Opens {@code link} as if the user had clicked it (e.g. one they were sent and then changed). */
        public LinkClick opens(String link) {
            return emulator.click(pageId, psid, link);
        }
    }

    List<String> links(String pageId, String psid) {
        return transcript(pageId, psid).stream()
                .filter(l -> "bot".equals(l.speaker()) || "agent".equals(l.speaker()))
                .flatMap(l -> org.handover.contracts.links.TrackedLinks.find(l.text()).stream())
                .map(org.handover.contracts.links.TrackedLinks.Found::url).toList();
    }

    LinkClick click(String pageId, String psid, String link) {
        if (!platform.pageIds().contains(pageId)) {
            throw new IllegalArgumentException("Unknown page " + pageId);
        }
        LinkClick click = browser.open(link);
        journal.add(clock.instant(), JournalEntry.Type.USER, pageId, psid, null, "click",
                click.status() == 0 ? "unreachable" : Integer.toString(click.status()),
                "text", link, "landedOn", click.landedOn());
        return click;
    }

    /** The Page Inbox agent of one page. */
    public record Agent(MessengerPlatform platform, String pageId) {

        public String replies(String psid, String text) {
            return platform.agentReplies(pageId, psid, text);
        }

        public void marksDone(String psid) {
            platform.agentMarksDone(pageId, psid);
        }

        public void movesToInbox(String psid) {
            platform.agentMovesToInbox(pageId, psid);
        }
    }
}
