package org.handover.handover.client;

import org.handover.handover.service.ThreadControlApi;

/**
 * The state machine's thread-control calls over {@link GraphApi}: Meta's outcomes folded into the four results the
 * state machine decides on. Production's port; {@link ThreadControlApiProducer} chooses it.
 */
public class GraphThreadControlApi implements ThreadControlApi {

    private final GraphApi graph;

    public GraphThreadControlApi(GraphApi graph) {
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

    /** Only an outage is worth trying again later; every other refusal stays a refusal. */
    static Result result(GraphStatus status) {
        return switch (status) {
            case OK -> Result.OK;
            case OWNED_BY_ANOTHER_APP -> Result.OWNED_BY_ANOTHER_APP;
            case UNAVAILABLE -> Result.TEMPORARY_FAILURE;
            case PERSON_UNAVAILABLE, INVALID, BAD_TOKEN, NO_PERMISSION, NO_TOKEN -> Result.PERMANENT_FAILURE;
        };
    }
}
