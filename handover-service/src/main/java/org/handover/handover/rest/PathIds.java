package org.handover.handover.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.handover.handover.domain.PageIds;

/**
 * The admin API's answers to path ids that cannot name a page or a user ({@link PageIds}): refused with the rule as
 * {@code 400 invalid_page_id} / {@code 400 invalid_psid}, in the same words on every endpoint, rather than looked up
 * (or stored) and failing on a column.
 */
public final class PathIds {

    private PathIds() {
    }

    /** The {@code 400 invalid_page_id} answer when {@code pageId} cannot name a page; empty when it can. */
    public static Optional<Response> invalidPageId(String pageId) {
        return refused(PageIds.pageIdProblem(pageId), "invalid_page_id", "The page id in the path is not valid.");
    }

    /** The {@code 400 invalid_psid} answer when {@code psid} cannot name a user; empty when it can. */
    public static Optional<Response> invalidPsid(String psid) {
        return refused(PageIds.problem("psid", psid), "invalid_psid", "The user id in the path is not valid.");
    }

    /** The answer for a conversation's path ids: the page's refusal first, then the user's; empty when both name one. */
    public static Optional<Response> invalidConversation(String pageId, String psid) {
        return invalidPageId(pageId).or(() -> invalidPsid(psid));
    }

    private static Optional<Response> refused(String problem, String reason, String message) {
        return problem == null ? Optional.empty()
                : Optional.of(Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(new ApiError(reason, message, List.of(problem))).build());
    }
}
