package org.handover.harness;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * The one way the tools wait for the systems they drive (the broker, the emulator, the shadow services): an
 * Awaitility wait that polls from the calling thread, at once and then every {@code pollInterval}, and leaves the
 * failures of other threads to those threads.
 */
public final class Waits {

    private Waits() {
    }

    /**
     * A wait of at most {@code timeout}.
     *
     * @param timeout      how long before the wait fails with a {@code ConditionTimeoutException}
     * @param pollInterval the pause between two looks ({@link Duration#ZERO} when each look blocks on its own)
     */
    public static ConditionFactory atMost(Duration timeout, Duration pollInterval) {
        return Awaitility.await()
                .atMost(timeout)
                // another thread's failure (the broker's, the emulator's, an HTTP client's) is not this wait's
                .dontCatchUncaughtExceptions()
                .pollInSameThread()
                .pollDelay(Duration.ZERO)
                .pollInterval(pollInterval);
    }
}
