package org.handover.e2e;

import java.nio.file.Path;

/**
 * The two demo pages the stories run on, one per setup Meta has had: Conversation Routing (every page today) and
 * legacy roles. They differ in everything a page admin sets: the shop, the bot's catalog, the handover texts, so
 * that anything of one leaking into the other shows.
 *
 * @param id        the page id
 * @param setupKind handover-service's {@code setupKind} for the page
 * @param catalog   the page's catalog file, relative to the repository root (bot-service seeds it at start)
 */
record DemoPage(String id, String setupKind, String catalog) {

    /** Legacy roles: our app Primary Receiver, the Page Inbox Secondary Receiver; the shipped demo catalog. */
    static final DemoPage LEGACY = new DemoPage(World.DEMO_PAGE, "LEGACY_ROLES",
            "bot-service/src/main/resources/catalogs/demo-" + World.DEMO_PAGE + ".json");
    /** Conversation Routing: our app the default app, the Page Inbox connected; a catalog and texts of its own. */
    static final DemoPage ROUTING = new DemoPage(World.ROUTING_DEMO_PAGE, "CONVERSATION_ROUTING",
            "end-to-end-tests/src/test/resources/catalogs/demo-" + World.ROUTING_DEMO_PAGE + ".json");

    /** Both, for parameterized tests. */
    static java.util.List<DemoPage> both() {
        return java.util.List.of(ROUTING, LEGACY);
    }

    boolean routing() {
        return "CONVERSATION_ROUTING".equals(setupKind);
    }

    Path catalogFile(Path root) {
        return root.resolve(catalog);
    }

    @Override
    public String toString() {
        return routing() ? "Conversation Routing page" : "legacy roles page";
    }
}
