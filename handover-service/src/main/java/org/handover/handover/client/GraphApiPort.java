package org.handover.handover.client;

import org.handover.handover.port.MetaGraphPort;
import org.handover.handover.port.PageSignals;

/**
 * Production's {@link MetaGraphPort}: every call goes to Meta through {@link GraphApi}, and Meta's outcomes are
 * folded into the port's plain answers. {@code config.RunModeProducer} chooses it when shadow mode is off.
 */
public class GraphApiPort implements MetaGraphPort {

    /** The words Meta used for a page whose Conversation Routing default app disables most handover calls. */
    static final String HANDOVER_APIS_DISABLED = "handover protocol apis disabled";

    private final GraphApi graph;
    private final PageSignals signals;

    public GraphApiPort(GraphApi graph) {
        this(graph, PageSignals.NONE);
    }

    /** @param signals told what Meta's answers say about a page's setup (our app not its default app...) */
    public GraphApiPort(GraphApi graph, PageSignals signals) {
        this.graph = graph;
        this.signals = signals;
    }

    @Override
    public Result passThreadControl(String pageId, String psid, String targetAppId, String metadata) {
        ThreadControlOutcome outcome = graph.pass(pageId, psid, targetAppId, metadata);
        watch(pageId, "pass_thread_control", outcome.error());
        return result(outcome.status());
    }

    @Override
    public Result takeThreadControl(String pageId, String psid, String metadata) {
        ThreadControlOutcome outcome = graph.take(pageId, psid, metadata);
        if (outcome.ok()) {
            signals.tookBack(pageId);
        } else if (!watch(pageId, "take_thread_control", outcome.error())
                && outcome.status() == GraphStatus.NO_PERMISSION) {
            signals.takeRefused(pageId, outcome.error() == null ? null : outcome.error().message());
        }
        return result(outcome.status());
    }

    @Override
    public OwnerLookup threadOwner(String pageId, String psid) {
        ThreadOwnerOutcome outcome = graph.threadOwner(pageId, psid);
        watch(pageId, "thread_owner", outcome.error());
        return new OwnerLookup(outcome.ok(), outcome.ownerAppId());
    }

    @Override
    public java.util.Optional<String> pageName(String pageId) {
        return graph.pageName(pageId);
    }

    @Override
    public TokenCheck checkToken(String candidateToken) {
        GraphApi.PageOutcome outcome = graph.checkToken(candidateToken);
        String detail = outcome.error() == null ? null : outcome.error().describe();
        return switch (outcome.status()) {
            case OK -> new TokenCheck(TokenCheck.Answer.OK, outcome.pageId(), outcome.name(), null);
            case BAD_TOKEN -> new TokenCheck(TokenCheck.Answer.REJECTED, null, null, detail);
            case UNAVAILABLE, NO_TOKEN -> new TokenCheck(TokenCheck.Answer.UNAVAILABLE, null, null, detail);
            case OWNED_BY_ANOTHER_APP, PERSON_UNAVAILABLE, INVALID, NO_PERMISSION ->
                    new TokenCheck(TokenCheck.Answer.REFUSED, null, null, detail);
        };
    }

    @Override
    public AppsLookup secondaryReceivers(String pageId) {
        ReceiversOutcome outcome = graph.secondaryReceivers(pageId);
        watch(pageId, "secondary_receivers", outcome.error());
        return apps(outcome);
    }

    @Override
    public AppsLookup subscribedApps(String pageId) {
        return apps(graph.subscribedApps(pageId));
    }

    /** Tells the signals when Meta said the page's handover calls are disabled; true when it did. */
    private boolean watch(String pageId, String operation, GraphError error) {
        if (error != null && error.message() != null
                && error.message().toLowerCase(java.util.Locale.ROOT).contains(HANDOVER_APIS_DISABLED)) {
            signals.handoverApisDisabled(pageId, operation);
            return true;
        }
        return false;
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
