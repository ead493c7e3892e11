package org.handover.emulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Meta's call rate limits, off by default: the Send API's per-page limit (about 300 calls a second for text, answered
 * {@code 613} beyond it) and an app-level limit on every Graph call of one app ({@code 4}). Each counts the calls of
 * the last second (a sliding window on the machine's clock). A refused call is not handled and does not count
 * (so a client that keeps calling gets through again once the last second had fewer calls than the limit).
 */
public final class RateLimits {

    private static final long WINDOW = TimeUnit.SECONDS.toNanos(1);

    private volatile int sendPerPage;
    private volatile int callsPerApp;
    private final Map<String, Deque<Long>> sends = new HashMap<>();
    private final Map<String, Deque<Long>> calls = new HashMap<>();

    public int sendPerPagePerSecond() {
        return sendPerPage;
    }

    /** Send API calls a second per page beyond which Meta answers {@code 613}; 0 switches the limit off. */
    public RateLimits sendPerPagePerSecond(int limit) {
        this.sendPerPage = requireNonNegative(limit, "sendPerPagePerSecond");
        return this;
    }

    public int callsPerAppPerSecond() {
        return callsPerApp;
    }

    /** Graph calls (Send API included) a second per app beyond which Meta answers {@code 4}; 0: off. */
    public RateLimits callsPerAppPerSecond(int limit) {
        this.callsPerApp = requireNonNegative(limit, "callsPerAppPerSecond");
        return this;
    }

    /** Counts one call; answers the rate-limit error when it is over a limit, else null. */
    synchronized GraphError take(String call, String appId, String pageId) {
        long now = System.nanoTime();
        int appLimit = callsPerApp;
        if (appLimit > 0 && !admit(calls, appId, appLimit, now)) {
            return GraphError.appRateLimited();
        }
        int pageLimit = sendPerPage;
        if (pageLimit > 0 && Faults.SEND_CALL.equals(call) && !admit(sends, pageId, pageLimit, now)) {
            return GraphError.callRateLimited();
        }
        return null;
    }

    /** Records the call in {@code key}'s window; false (not recorded) when the window is full. */
    private static boolean admit(Map<String, Deque<Long>> windows, String key, int limit, long now) {
        Deque<Long> window = windows.computeIfAbsent(key, k -> new ArrayDeque<>());
        while (!window.isEmpty() && now - window.peekFirst() >= WINDOW) {
            window.pollFirst();
        }
        if (window.size() >= limit) {
            return false;
        }
        window.addLast(now);
        return true;
    }

    private static int requireNonNegative(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        return value;
    }
}
