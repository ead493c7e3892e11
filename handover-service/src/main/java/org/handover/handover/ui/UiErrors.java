package org.handover.handover.ui;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.handover.handover.domain.PageIds;


/** The settings page's error answers that are not a form shown again. */
final class UiErrors {

    private UiErrors() {
    }

    @CheckedTemplate(basePath = "UiErrors")
    static class Templates {
        static native TemplateInstance error(String title, String message);
    }

    /**
     * {@code 400}: a path whose page id (or user id) cannot name one ({@link PageIds#problem}), so nothing is
     * looked up or saved under it.
     */
    static Response invalidId(String problem) {
        return UiHeaders.add(Response.status(Response.Status.BAD_REQUEST).type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.error("This is not a page", "The address does not name a page or a user ("
                        + problem + "). Choose the page from the list of pages.")))
                .build();
    }

    /**
     * {@code 403}: a page the signed-in account may not manage. Says nothing about the page (whether it exists, its
     * settings); the same answer for every page outside the account's.
     */
    static Response notYourPage() {
        return UiHeaders.add(Response.status(Response.Status.FORBIDDEN).type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.error("Not one of your pages",
                        "Your account may not manage this page, so nothing of it is shown or changed. Choose one of "
                                + "your pages from the list, or ask the operator to give your account this page.")))
                .build();
    }

    /** {@code 403}: a form post without this session's CSRF token (a stale form, or another site posting). */
    static Response csrfRefused() {
        return UiHeaders.add(Response.status(Response.Status.FORBIDDEN).type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.error("This form has expired",
                        "The form was not sent from this session's settings page, so nothing was changed. "
                                + "Reload the page and try again.")))
                .build();
    }
}
