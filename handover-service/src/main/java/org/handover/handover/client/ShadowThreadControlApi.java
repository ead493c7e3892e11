package org.handover.handover.client;

import io.micrometer.core.instrument.MeterRegistry;
import org.handover.handover.service.ThreadControlApi;

/**
 * Thread control in shadow mode ({@code handover.shadow-mode}): no HTTP call, ever. Every pass and take is answered
 * {@link Result#OK}, as if Meta accepted it, so the state machine goes on exactly as it would in production; the
 * owner lookup is answered "not known" (as when the call fails), which makes every reconciliation keep our state:
 * a replay has no Meta to drift from, and only the replayed events may change the owner.
 *
 * <p>Counter {@value #COUNTER} (tag {@code operation}) counts the calls answered without Meta.
 */
public class ShadowThreadControlApi implements ThreadControlApi {

    /** Graph API calls that shadow mode answered itself. */
    public static final String COUNTER = "handover.shadow.graph.calls";

    private final MeterRegistry registry;

    public ShadowThreadControlApi(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Result passThreadControl(String pageId, String psid, String targetAppId, String metadata) {
        count(registry, "pass_thread_control");
        return Result.OK;
    }

    @Override
    public Result takeThreadControl(String pageId, String psid, String metadata) {
        count(registry, "take_thread_control");
        return Result.OK;
    }

    @Override
    public OwnerLookup threadOwner(String pageId, String psid) {
        count(registry, "thread_owner");
        return new OwnerLookup(false, null);
    }

    /** Counts one Graph API call that shadow mode answered without Meta. */
    public static void count(MeterRegistry registry, String operation) {
        registry.counter(COUNTER, "operation", operation).increment();
    }
}
