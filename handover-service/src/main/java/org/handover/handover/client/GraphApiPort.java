package org.handover.handover.client;

import org.handover.handover.port.MetaGraphPort;

/**
 * Production's {@link MetaGraphPort}: every call goes to Meta through {@link GraphApi}, and Meta's outcomes are
 * folded into the port's plain answers. {@code config.RunModeProducer} chooses it when shadow mode is off.
 */
public class GraphApiPort implements MetaGraphPort {

    private final GraphApi graph;

    public GraphApiPort(GraphApi graph) {
        this.graph = graph;
    }

    @Override
    public Result passThreadControl(String pageId, String psid, String targetAppId, String metadata) {
        return result(graph.pass(pageId, psid, targetAppId, metadata).status());
    }

    @Override
    public Result takeThreadControl(String pageId, String psid, String metadata) {
        return result(graph.take(pageId, psid, metadata).status());
    }

    @Override
    public OwnerLookup threadOwner(String pageId, String psid) {
        ThreadOwnerOutcome outcome = graph.threadOwner(pageId, psid);
        return new OwnerLookup(outcome.ok(), outcome.ownerAppId());
    }

    @Override
    public AppsLookup secondaryReceivers(String pageId) {
        return apps(graph.secondaryReceivers(pageId));
    }

    @Override
    public AppsLookup subscribedApps(String pageId) {
        return apps(graph.subscribedApps(pageId));
    }

    /** Only an outage is worth trying again later; every other refusal stays a refusal. */
    static Result result(GraphStatus status) {
        return switch (status) {
            case OK -> Result.OK;
            case OWNED_BY_ANOTHER_APP -> Result.OWNED_BY_ANOTHER_APP;
            case UNAVAILABLE -> Result.TEMPORARY_FAILURE;
            case PERSON_UNAVAILABLE, INVALID, BAD_TOKEN, NO_PERMISSION, NO_TOKEN -> Result.PERMANENT_FAILURE;
        };
    }

    /** The list Meta answered, or why it did not; only an unnamed refusal keeps Meta's message. */
    static AppsLookup apps(ReceiversOutcome outcome) {
        return switch (outcome.status()) {
            case OK -> AppsLookup.listed(outcome.apps().stream().map(AppRef::id).toList());
            case NO_PERMISSION -> failed(AppsLookup.Answer.NO_PERMISSION);
            case NO_TOKEN -> failed(AppsLookup.Answer.NO_TOKEN);
            case BAD_TOKEN -> failed(AppsLookup.Answer.BAD_TOKEN);
            case UNAVAILABLE -> failed(AppsLookup.Answer.UNAVAILABLE);
            case OWNED_BY_ANOTHER_APP, PERSON_UNAVAILABLE, INVALID -> new AppsLookup(AppsLookup.Answer.REFUSED, null,
                    outcome.error() == null ? null : outcome.error().message());
        };
    }

    private static AppsLookup failed(AppsLookup.Answer answer) {
        return new AppsLookup(answer, null, null);
    }
}
