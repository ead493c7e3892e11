package org.handover.emulator;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The apps and pages an emulator starts with, as code or as JSON ({@code PUT /_emulator/world}, or the file given to
 * {@link EmulatorMain}). The Page Inbox is added when it is missing.
 *
 * @param apps  the apps (our bot with its webhook and secret; the Page Inbox; maybe a customer-service app)
 * @param pages the pages, their setup, subscribed apps and tokens
 */
public record EmulatorWorld(List<AppSpec> apps, List<PageSpec> pages) {

    public EmulatorWorld {
        apps = apps == null ? List.of() : List.copyOf(apps);
        pages = pages == null ? List.of() : List.copyOf(pages);
    }

    /**
     * One page set up as the product expects: legacy roles with our app as Primary Receiver and the Page Inbox as
     * Secondary Receiver, both subscribed; our app's page token is {@code pageToken}.
     */
    public static EmulatorWorld singlePage(String pageId, String pageName, String ourAppId, String ourAppSecret,
            URI webhook, String pageToken) {
        AppSpec ours = new AppSpec(ourAppId, "Bot", ourAppSecret, webhook);
        AppSpec inbox = AppSpec.pageInbox();
        PageSpec page = new PageSpec(pageId, pageName, new PageSetup.Legacy(ourAppId, List.of(inbox.id())),
                List.of(ourAppId, inbox.id()), Map.of(ourAppId, pageToken));
        return new EmulatorWorld(List.of(ours, inbox), List.of(page));
    }

    /** This world with one more page (its apps must be in the world). */
    public EmulatorWorld withPage(PageSpec page) {
        List<PageSpec> more = new java.util.ArrayList<>(pages);
        more.add(page);
        return new EmulatorWorld(apps, more);
    }
}
