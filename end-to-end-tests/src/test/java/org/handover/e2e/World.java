package org.handover.e2e;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.handover.contracts.Messenger;
import org.handover.emulator.AppSpec;
import org.handover.emulator.EmulatorWorld;
import org.handover.emulator.PageSetup;
import org.handover.emulator.PageSpec;

/**
 * The Facebook side the end-to-end tests run against: two demo pages set up as the product expects (one with
 * Conversation Routing, one with legacy roles), and one page per kind of wrong setup a page admin can make.
 */
final class World {

    /** Our (bot) app: the same id the local stack uses, so that the demo catalog and defaults apply. */
    static final String OUR_APP = "220000000000002";
    static final String INBOX = Messenger.PAGE_INBOX_APP_ID;
    /** A customer-service app that is not the page's handover target. */
    static final String HELPDESK = "230000000000003";

    /** The demo page: legacy roles, our app Primary Receiver, the Page Inbox Secondary Receiver. */
    static final String DEMO_PAGE = "110000000000001";
    /**
     * The second demo page: Conversation Routing, our app the default app, the Page Inbox connected; another shop
     * with its own catalog and texts ({@link DemoPage#ROUTING}).
     */
    static final String ROUTING_DEMO_PAGE = "110000000000003";

    /**
     * Pages of the bulletin tests (set up like the demo page, each its own conversations): the story, the crash, the
     * tracked links, the pace and a cancellation.
     */
    static final String BULLETIN_PAGE = "130000000000001";
    static final String BULLETIN_CRASH_PAGE = "130000000000002";
    static final String BULLETIN_LINKS_PAGE = "130000000000003";
    static final String BULLETIN_PACE_PAGE = "970000000000001";
    static final String BULLETIN_CANCEL_PAGE = "970000000000002";
    /** Guided answers' tracked links (GuidedAnswerLinksTest). */
    static final String GUIDED_LINKS_PAGE = "960000000000001";

    // one page per wrong setup
    static final String INBOX_IS_PRIMARY = "120000000000001";
    static final String NO_SECONDARY = "120000000000002";
    static final String INBOX_NOT_SECONDARY = "120000000000003";
    static final String ROUTING_WITHOUT_US = "120000000000004";
    static final String ROUTING_WITHOUT_INBOX = "120000000000005";
    static final String ROUTING_NO_PERMISSION = "120000000000006";
    static final String TELEGRAM_PAGE = "120000000000007";
    static final String WHATSAPP_PAGE = "120000000000008";

    private World() {
    }

    static EmulatorWorld of(URI webhook) {
        AppSpec ours = new AppSpec(OUR_APP, "Bot", E2eStack.APP_SECRET, webhook);
        AppSpec helpdesk = new AppSpec(HELPDESK, "Helpdesk", null, null);
        List<PageSpec> pages = List.of(
                page(DEMO_PAGE, "Corner Bikes", new PageSetup.Legacy(OUR_APP, List.of(INBOX)), OUR_APP, INBOX),
                page(ROUTING_DEMO_PAGE, "Harbour Books", new PageSetup.ConversationRouting(OUR_APP), OUR_APP, INBOX),
                page(BULLETIN_PAGE, "Bulletins", new PageSetup.Legacy(OUR_APP, List.of(INBOX)), OUR_APP, INBOX),
                page(BULLETIN_CRASH_PAGE, "Bulletins, crash", new PageSetup.Legacy(OUR_APP, List.of(INBOX)), OUR_APP,
                        INBOX),
                page(BULLETIN_LINKS_PAGE, "Bulletins, links", new PageSetup.Legacy(OUR_APP, List.of(INBOX)), OUR_APP,
                        INBOX),
                page(BULLETIN_PACE_PAGE, "Bulletins, pace", new PageSetup.Legacy(OUR_APP, List.of(INBOX)), OUR_APP,
                        INBOX),
                page(BULLETIN_CANCEL_PAGE, "Bulletins, cancel", new PageSetup.Legacy(OUR_APP, List.of(INBOX)), OUR_APP,
                        INBOX),
                page(GUIDED_LINKS_PAGE, "Guided links", new PageSetup.Legacy(OUR_APP, List.of(INBOX)), OUR_APP,
                        INBOX),
                page(INBOX_IS_PRIMARY, "Inbox is primary", new PageSetup.Legacy(INBOX, List.of(OUR_APP)), OUR_APP,
                        INBOX),
                page(NO_SECONDARY, "No secondary", new PageSetup.Legacy(OUR_APP, List.of()), OUR_APP, INBOX),
                page(INBOX_NOT_SECONDARY, "Helpdesk secondary", new PageSetup.Legacy(OUR_APP, List.of(HELPDESK)),
                        OUR_APP, INBOX, HELPDESK),
                page(ROUTING_WITHOUT_US, "Routing without us", new PageSetup.ConversationRouting(INBOX), INBOX),
                page(ROUTING_WITHOUT_INBOX, "Routing without inbox", new PageSetup.ConversationRouting(OUR_APP),
                        OUR_APP),
                page(ROUTING_NO_PERMISSION, "Routing, no permission", new PageSetup.ConversationRouting(OUR_APP),
                        OUR_APP, INBOX));
        return new EmulatorWorld(List.of(ours, AppSpec.pageInbox(), helpdesk), pages);
    }

    /** Page ids handover-service must have a token for although the emulator has no such page. */
    static List<String> pagesOutsideMessenger() {
        return List.of(TELEGRAM_PAGE, WHATSAPP_PAGE);
    }

    static String token(String pageId) {
        return "e2e-token-" + pageId;
    }

    private static PageSpec page(String id, String name, PageSetup setup, String... subscribed) {
        return new PageSpec(id, name, setup, List.of(subscribed), Map.of(OUR_APP, token(id)));
    }
}
