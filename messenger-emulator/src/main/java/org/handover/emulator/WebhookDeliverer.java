package org.handover.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.handover.emulator.JournalEntry.Type;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one app's webhook events over HTTP, as Meta does: in order, several events per POST (grouped into entries
 * by page and channel), signed with the app secret over the exact bytes sent (non-ASCII escaped as {@code \u00e9}),
 * retried with backoff until a 2xx answer, and sometimes delivered twice. Every attempt goes to the journal with the
 * ids of the events it carried.
 */
final class WebhookDeliverer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDeliverer.class);
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private final AppSpec app;
    private final HttpClient http;
    private final Journal journal;
    private final DeliverySettings settings;
    private final Clock clock;
    private final Runnable progress;
    private final LinkedBlockingQueue<WebhookEvent> queue = new LinkedBlockingQueue<>();
    private final AtomicLong outstanding = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final Thread worker;
    private volatile boolean running = true;

    /** {@code progress} runs after every batch delivered (the emulator's {@code awaitDelivered} waits on it). */
    WebhookDeliverer(AppSpec app, HttpClient http, Journal journal, DeliverySettings settings, Clock clock,
            Runnable progress) {
        this.app = app;
        this.http = http;
        this.journal = journal;
        this.settings = settings;
        this.clock = clock;
        this.progress = progress;
        this.worker = new Thread(this::run, "webhook-" + app.id());
        this.worker.setDaemon(true);
        this.worker.start();
    }

    AppSpec app() {
        return app;
    }

    void enqueue(WebhookEvent event) {
        outstanding.incrementAndGet();
        queue.add(event);
    }

    /** Events queued or in flight (a batch being retried counts until it is delivered). */
    long pending() {
        return outstanding.get();
    }

    @Override
    public void close() {
        running = false;
        worker.interrupt();
        try {
            worker.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (running) {
            try {
                WebhookEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<WebhookEvent> batch = new ArrayList<>();
                batch.add(first);
                long deadline = System.nanoTime() + settings.linger().toNanos();
                while (batch.size() < settings.maxBatch()) {
                    long left = deadline - System.nanoTime();
                    WebhookEvent next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                deliver(batch);
                outstanding.addAndGet(-batch.size());
                progress.run();
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.error("Webhook delivery to app {} failed unexpectedly", app.id(), e);
            }
        }
    }

    private void deliver(List<WebhookEvent> batch) throws InterruptedException {
        byte[] body = body(batch);
        long batchNo = batches.incrementAndGet();
        post(batch, body, batchNo, false);
        if (settings.drawDuplicate()) {
            post(batch, body, batchNo, true);
        }
    }

    /** POSTs one body until it gets a 2xx answer (or the emulator stops). */
    private void post(List<WebhookEvent> batch, byte[] body, long batchNo, boolean duplicate)
            throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(app.webhook())
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", WebhookSigner.sha256(app.secret(), body))
                .header("X-Hub-Signature", WebhookSigner.sha1(app.secret(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        Duration backoff = settings.firstRetry();
        for (int attempt = 1; running; attempt++) {
            String outcome;
            try {
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                outcome = String.valueOf(response.statusCode());
                if (response.statusCode() / 100 == 2) {
                    record(batch, body, batchNo, duplicate, attempt, outcome, true);
                    return;
                }
            } catch (IOException e) {
                outcome = "io_error";
            }
            record(batch, body, batchNo, duplicate, attempt, outcome, false);
            Thread.sleep(backoff.toMillis());
            Duration doubled = backoff.multipliedBy(2);
            backoff = doubled.compareTo(settings.maxRetry()) > 0 ? settings.maxRetry() : doubled;
            if (backoff.isZero()) {
                backoff = Duration.ofMillis(1);
            }
        }
    }

    private void record(List<WebhookEvent> batch, byte[] body, long batchNo, boolean duplicate, int attempt,
            String status, boolean accepted) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (WebhookEvent event : batch) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("id", event.id());
            summary.put("kind", event.kind());
            summary.put("channel", event.channel());
            summary.put("pageId", event.pageId());
            if (event.psid() != null) {
                summary.put("psid", event.psid());
            }
            events.add(summary);
        }
        journal.add(clock.instant(), Type.WEBHOOK, batch.size() == 1 ? batch.get(0).pageId() : null,
                batch.size() == 1 ? batch.get(0).psid() : null, app.id(), duplicate ? "redelivered" : "delivered",
                status, "batch", batchNo, "attempt", attempt, "accepted", accepted, "bytes", body.length,
                "events", events);
        if (!accepted) {
            LOG.info("Webhook batch {} to app {} answered {} (attempt {}); retrying", batchNo, app.id(), status,
                    attempt);
        }
    }

    /** The POST body: {@code {"object":"page","entry":[...]}}, consecutive events of one page and channel per entry. */
    static byte[] body(List<WebhookEvent> batch) {
        ObjectNode root = JSON.createObjectNode();
        root.put("object", "page");
        ArrayNode entries = root.putArray("entry");
        ArrayNode current = null;
        String currentPage = null;
        String currentChannel = null;
        for (WebhookEvent event : batch) {
            if (current == null || !event.pageId().equals(currentPage) || !event.channel().equals(currentChannel)) {
                ObjectNode entry = entries.addObject();
                entry.put("id", event.pageId());
                entry.put("time", event.timestamp());
                current = entry.putArray(event.channel());
                currentPage = event.pageId();
                currentChannel = event.channel();
            }
            current.add(event.event());
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A webhook body could not be written", e);
        }
    }
}
