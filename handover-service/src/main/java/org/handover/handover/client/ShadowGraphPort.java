package org.handover.handover.client;

import io.micrometer.core.instrument.MeterRegistry;
import org.handover.handover.port.MetaGraphPort;

/**
 * Shadow mode's {@link MetaGraphPort} ({@code handover.shadow-mode}): no HTTP call, ever. Every pass and take is
 * answered {@link Result#OK}, as if Meta accepted it, so the state machine goes on exactly as it would in production;
 * the owner lookup is answered "not known" (as when the call fails), which makes every reconciliation keep our state:
 * a replay has no Meta to drift from, and only the replayed events may change the owner. A page's setup is not
 * checked ({@link AppsLookup.Answer#NOT_CHECKED}), so activation goes ahead and says so.
 * {@code config.RunModeProducer} chooses it when shadow mode is on.
 *
 * <p>Counter {@value #COUNTER} (tag {@code operation}) counts the calls answered without Meta.
 */
public class ShadowGraphPort implements MetaGraphPort {

    /** Graph API calls that shadow mode answered itself. */
    public static final String COUNTER = "handover.shadow.graph.calls";

    private final MeterRegistry registry;

    public ShadowGraphPort(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Result passThreadControl(String pageId, String psid, String targetAppId, String metadata) {
        count("pass_thread_control");
        return Result.OK;
    }

    @Override
    public Result takeThreadControl(String pageId, String psid, String metadata) {
        count("take_thread_control");
        return Result.OK;
    }

    @Override
    public OwnerLookup threadOwner(String pageId, String psid) {
        count("thread_owner");
        return new OwnerLookup(false, null);
    }

    @Override
    public AppsLookup secondaryReceivers(String pageId) {
        count("secondary_receivers");
        return AppsLookup.notChecked();
    }

    @Override
    public AppsLookup subscribedApps(String pageId) {
        count("subscribed_apps");
        return AppsLookup.notChecked();
    }

    /** Counts one Graph API call that shadow mode answered without Meta. */
    private void count(String operation) {
        registry.counter(COUNTER, "operation", operation).increment();
    }
}
