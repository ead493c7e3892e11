package org.handover.emulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.handover.emulator.JournalEntry.Type;

/**
 * Meta's failures, played on purpose: the next calls of one Graph call refused with an error ({@link #failNext}), and
 * <em>outages</em>, which last for a while or until cleared ({@link #start}): the Send API and/or the other Graph
 * calls answer with a 5xx (with Meta's error body, or a bare status), or answer slowly.
 *
 * <p>What a failed call does, as at Meta: a call answered with an error was <em>not handled</em>. A failed Send API
 * call sends nothing (the journal has it as a refused {@code send}, outcome the error's code, and {@code fault}
 * saying why), so {@link Journal#sent} does not count it. A slow call is handled once its wait is over and succeeds,
 * even when the client gave up before the answer: that is Meta's ambiguous case (a timeout after which the message
 * may have gone out), journaled as an ordinary {@code send}, so a drill can find the duplicates a retry makes.
 *
 * <p>Outages are timed with the machine's clock, not the emulator's ({@link EmulatorClock} only moves the platform's
 * rules). Thread-safe.
 */
public final class Faults {

    /** The Send API's call name ({@code POST /{page}/messages}). */
    public static final String SEND_CALL = "messages";
    /** Every Graph call the emulator answers, by the name of its edge. */
    public static final List<String> CALLS = List.of(SEND_CALL, "pass_thread_control", "take_thread_control",
            "request_thread_control", "release_thread_control", "extend_thread_control", "thread_owner",
            "secondary_receivers", "subscribed_apps", "page");
    /** Scope of an outage: the Send API only. */
    public static final String SEND = "send";
    /** Scope of an outage: every Graph call but the Send API. */
    public static final String GRAPH = "graph";
    /** Scope of an outage: every call. */
    public static final String ALL = "all";

    /** What an outage does to the calls it covers. */
    public enum Kind {
        /** Answers Meta's error (by default 503 with code 2, "temporary"): the call is not handled. */
        ERROR,
        /** Answers a bare HTTP status (by default 503) without Meta's JSON body: the call is not handled. */
        BARE,
        /** Answers after {@code delay} (on top of the latency), then handles the call as usual. */
        SLOW
    }

    /**
     * One outage: which calls ({@code send}, {@code graph}, {@code all} or one call's name), what they get, how many of
     * them (each call is hit with {@code probability}) and for how long ({@code duration} null: until cleared).
     */
    public record Outage(String scope, Kind kind, GraphError error, int httpStatus, Duration delay, double probability,
            Duration duration) {

        public Outage {
            if (!SEND.equals(scope) && !GRAPH.equals(scope) && !ALL.equals(scope) && !CALLS.contains(scope)) {
                throw new IllegalArgumentException("scope must be send, graph, all or one of " + CALLS + ", not '"
                        + scope + "'");
            }
            Objects.requireNonNull(kind, "kind");
            if (kind == Kind.ERROR) {
                Objects.requireNonNull(error, "error");
            }
            if (kind == Kind.BARE && (httpStatus < 400 || httpStatus > 599)) {
                throw new IllegalArgumentException("a bare failure needs an HTTP status 400 to 599");
            }
            if (kind == Kind.SLOW && (delay == null || delay.isNegative() || delay.isZero())) {
                throw new IllegalArgumentException("a slow outage needs a positive delay");
            }
            if (probability <= 0 || probability > 1) {
                throw new IllegalArgumentException("probability must be above 0 and at most 1");
            }
            if (duration != null && (duration.isNegative() || duration.isZero())) {
                throw new IllegalArgumentException("duration must be positive (or none: until cleared)");
            }
        }

        /** The calls in {@code scope} answer {@code error} (Meta's JSON body, its HTTP status). */
        public static Outage error(String scope, GraphError error) {
            return new Outage(scope, Kind.ERROR, error, error.httpStatus(), null, 1.0, null);
        }

        /** The calls in {@code scope} answer 503 with code 2, "temporary", Meta's usual outage. */
        public static Outage temporary(String scope) {
            return error(scope, GraphError.temporary());
        }

        /** The calls in {@code scope} answer {@code httpStatus} with no Meta body (a proxy's or load balancer's). */
        public static Outage bare(String scope, int httpStatus) {
            return new Outage(scope, Kind.BARE, null, httpStatus, null, 1.0, null);
        }

        /** The calls in {@code scope} answer {@code delay} late, then succeed (if the rules allow). */
        public static Outage slow(String scope, Duration delay) {
            return new Outage(scope, Kind.SLOW, null, 0, delay, 1.0, null);
        }

        /** The same outage, ending by itself after {@code duration}. */
        public Outage lasting(Duration duration) {
            return new Outage(scope, kind, error, httpStatus, delay, probability, duration);
        }

        /** The same outage, hitting each call with {@code probability} only. */
        public Outage withProbability(double probability) {
            return new Outage(scope, kind, error, httpStatus, delay, probability, duration);
        }

        boolean covers(String call) {
            return switch (scope) {
                case ALL -> true;
                case SEND -> SEND_CALL.equals(call);
                case GRAPH -> !SEND_CALL.equals(call);
                default -> scope.equals(call);
            };
        }

        /** What a person reads: {@code send 503/2 (temporary)}, {@code graph slow 6000 ms}. */
        String describe() {
            String what = switch (kind) {
                case ERROR -> error.httpStatus() + "/" + error.label();
                case BARE -> "bare " + httpStatus;
                case SLOW -> "slow " + delay.toMillis() + " ms";
            };
            return scope + " " + what + (probability < 1 ? " p=" + probability : "")
                    + (duration == null ? " until cleared" : " for " + duration.toMillis() + " ms");
        }
    }

    /** How one failed call is answered: Meta's error, or a bare status when {@code error} is null. */
    record Failure(GraphError error, int httpStatus, String cause) {

        /** The journal's outcome: Meta's code ({@code 2}, {@code 613}), or {@code http_503} for a bare answer. */
        String outcome() {
            return error != null ? error.label() : "http_" + httpStatus;
        }
    }

    /** What happens to one call: a wait before it is handled, and a failure instead of handling it, or null. */
    record Plan(Duration delay, Failure failure) {
    }

    private record Active(long id, Outage outage, long endsAtNanos) {

        boolean over(long now) {
            return outage.duration() != null && now - endsAtNanos >= 0;
        }
    }

    private final EmulatorClock clock;
    private final Journal journal;
    private final Map<String, Deque<GraphError>> planned = new HashMap<>();
    private final Map<Long, Active> outages = new LinkedHashMap<>();
    private long nextId = 1;

    Faults(EmulatorClock clock, Journal journal) {
        this.clock = clock;
        this.journal = journal;
    }

    /**
     * Makes the next {@code times} calls of {@code call} ({@code messages}, {@code pass_thread_control}, ...,
     * {@code thread_owner}) fail with {@code error}, to play Meta's refusals.
     */
    public void failNext(String call, int times, GraphError error) {
        Objects.requireNonNull(error, "error");
        synchronized (this) {
            Deque<GraphError> queue = planned.computeIfAbsent(call, c -> new ArrayDeque<>());
            for (int i = 0; i < times; i++) {
                queue.add(error);
            }
        }
        journal.add(clock.instant(), Type.SETUP, null, null, null, "fail_next", JournalEntry.OK, "call", call,
                "times", times, "error", error.label());
    }

    /** Starts an outage; answers its id (for {@link #clear(long)}). */
    public long start(Outage outage) {
        Objects.requireNonNull(outage, "outage");
        long id;
        synchronized (this) {
            id = nextId++;
            long ends = outage.duration() == null ? 0 : System.nanoTime() + outage.duration().toNanos();
            outages.put(id, new Active(id, outage, ends));
        }
        journal.add(clock.instant(), Type.SETUP, null, null, null, "outage_start", JournalEntry.OK, "outage", id,
                "scope", outage.scope(), "kind", outage.kind().name().toLowerCase(Locale.ROOT),
                "error", outage.error() == null ? null : outage.error().label(), "httpStatus",
                outage.kind() == Kind.SLOW ? null : outage.httpStatus(), "delayMillis",
                outage.delay() == null ? null : outage.delay().toMillis(), "probability", outage.probability(),
                "durationMillis", outage.duration() == null ? null : outage.duration().toMillis());
        return id;
    }

    /** Ends outage {@code id}; false when it was over already (or never was). */
    public boolean clear(long id) {
        Active removed;
        synchronized (this) {
            removed = outages.remove(id);
        }
        if (removed == null) {
            return false;
        }
        journal.add(clock.instant(), Type.SETUP, null, null, null, "outage_end", JournalEntry.OK, "outage", id);
        return true;
    }

    /** Ends every outage and forgets every planned failure; answers how many outages it ended. */
    public int clearAll() {
        List<Long> ids;
        synchronized (this) {
            purge(System.nanoTime());
            ids = new ArrayList<>(outages.keySet());
            outages.clear();
            planned.clear();
        }
        ids.forEach(id -> journal.add(clock.instant(), Type.SETUP, null, null, null, "outage_end", JournalEntry.OK,
                "outage", id));
        return ids.size();
    }

    /** The outages in force now, by id. */
    public synchronized Map<Long, Outage> active() {
        purge(System.nanoTime());
        Map<Long, Outage> copy = new LinkedHashMap<>();
        outages.values().forEach(a -> copy.put(a.id(), a.outage()));
        return copy;
    }

    /** Decides one call of {@code call}: a planned failure first, then the outages in force (each drawn). */
    synchronized Plan plan(String call, Duration latency) {
        Duration delay = latency;
        Failure failure = null;
        Deque<GraphError> queue = planned.get(call);
        GraphError next = queue == null ? null : queue.poll();
        if (next != null) {
            failure = new Failure(next, next.httpStatus(), "planned");
        }
        purge(System.nanoTime());
        for (Active active : outages.values()) {
            Outage outage = active.outage();
            if (!outage.covers(call)
                    || (outage.probability() < 1 && ThreadLocalRandom.current().nextDouble() >= outage.probability())) {
                continue;
            }
            switch (outage.kind()) {
                case SLOW -> delay = delay.plus(outage.delay());
                case ERROR -> failure = failure != null ? failure
                        : new Failure(outage.error(), outage.error().httpStatus(), "outage " + active.id());
                case BARE -> failure = failure != null ? failure
                        : new Failure(null, outage.httpStatus(), "outage " + active.id());
            }
        }
        return new Plan(delay, failure);
    }

    private void purge(long now) {
        outages.values().removeIf(a -> a.over(now));
    }
}
