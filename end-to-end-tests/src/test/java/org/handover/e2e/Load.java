package org.handover.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Conversations started at a steady rate, each a {@link RandomWalk} in a thread of its own, until {@link #stop()}:
 * the traffic a fault drill runs under. Every user it made up is in {@link #users()}.
 */
final class Load implements AutoCloseable {

    private final RandomWalk walk;
    private final Random seeds;
    private final Set<String> users = ConcurrentHashMap.newKeySet();
    private final List<Future<?>> conversations = new ArrayList<>();
    private final ExecutorService people = Executors.newCachedThreadPool();
    private final ScheduledExecutorService starter = Executors.newSingleThreadScheduledExecutor();
    private volatile boolean stopScheduled;

    private Load(RandomWalk walk, long seed) {
        this.walk = walk;
        this.seeds = new Random(seed);
    }

    /** Starts one new conversation at once and then one every {@code every}. */
    static Load start(RandomWalk walk, long seed, Duration every) {
        Load load = new Load(walk, seed);
        load.starter.scheduleAtFixedRate(load::startOne, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return load;
    }

    private void startOne() {
        String psid = Conversations.newUser();
        Random random;
        synchronized (seeds) {
            random = new Random(seeds.nextLong());
        }
        users.add(psid);
        synchronized (conversations) {
            conversations.add(people.submit(() -> {
                walk.play(psid, random);
                return null;
            }));
        }
    }

    /** How many conversations have started so far. */
    int started() {
        synchronized (conversations) {
            return conversations.size();
        }
    }

    /** How many conversations ended with an exception (a person does not throw: the test's own failure). */
    long failed() {
        synchronized (conversations) {
            return conversations.stream().filter(Load::failed).count();
        }
    }

    private static boolean failed(Future<?> conversation) {
        if (!conversation.isDone() || conversation.isCancelled()) {
            return false;
        }
        try {
            conversation.get();
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Every user a conversation was started for. */
    Set<String> users() {
        return Set.copyOf(users);
    }

    /** Starts no more conversations. */
    void stop() {
        starter.shutdownNow();
    }

    /** Starts no more conversations once {@code after} has passed (the load's deadline, kept by its scheduler). */
    void stopIn(Duration after) {
        if (!starter.isShutdown()) {
            stopScheduled = true;
            starter.schedule(starter::shutdown, after.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Waits until no more conversations start (at once, unless {@link #stopIn} set a deadline) and every started one
     * has played to its end, {@code timeout} at most; rethrows the first failure of one.
     */
    void finish(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        if (!stopScheduled) {
            stop();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!starter.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new TimeoutException("conversations still starting after " + timeout);
        }
        List<Future<?>> all;
        synchronized (conversations) {
            all = List.copyOf(conversations);
        }
        for (Future<?> conversation : all) {
            conversation.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void close() {
        starter.shutdownNow();
        people.shutdownNow();
    }
}
