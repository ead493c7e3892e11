package org.handover.handover.ui;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.handover.contracts.Messenger;
import org.handover.emulator.AppSpec;
import org.handover.emulator.EmulatorWorld;
import org.handover.emulator.MessengerEmulator;
import org.handover.emulator.PageSetup;
import org.handover.emulator.PageSpec;
import org.handover.testsupport.MetaApiResource;

/**
 * The Messenger Platform emulator as the Graph API of the settings page's tests: activation checks and
 * {@code take_thread_control} meet Meta's rules as the emulator plays them, not stubs. Each page below is set up as
 * the product expects (legacy roles, our app Primary Receiver, the Page Inbox Secondary Receiver) and gets a page
 * token, in the emulator and in the service's configuration. Tests receive the emulator in a field annotated
 * {@link InjectEmulator} (to set wrong roles, move a thread to the Inbox, read owners).
 */
public class EmulatorResource implements QuarkusTestResourceLifecycleManager {

    public static final String OUR_APP = "220000000000002";
    public static final String INBOX = Messenger.PAGE_INBOX_APP_ID;
    /** The app secret of our app in the emulator: must never be rendered. */
    public static final String APP_SECRET = "ui-test-app-secret-5c1d";

    /** Activated from the browser. */
    public static final String PAGE_ACTIVATE = "930000000000001";
    /** Its roles are made wrong before activating. */
    public static final String PAGE_WRONG_ROLES = "930000000000002";
    /** An agent holds one of its conversations. */
    public static final String PAGE_CONVERSATIONS = "930000000000003";
    /** The REST-level tests' page. */
    public static final String PAGE_REST = "930000000000004";

    /** Conversation Routing with the Page Inbox as default app: our app is not the default app. */
    public static final String PAGE_NOT_DEFAULT = "930000000000005";

    /** Connecting pages: its environment token is replaced at the emulator (a rotation on Facebook). */
    public static final String PAGE_ROTATED = "930000000000006";
    /** Connecting pages: known to the emulator, but no token in the service's configuration. */
    public static final String PAGE_UNCONFIGURED = "930000000000007";

    static final List<String> PAGES = List.of(PAGE_ACTIVATE, PAGE_WRONG_ROLES, PAGE_CONVERSATIONS, PAGE_REST,
            PAGE_NOT_DEFAULT, PAGE_ROTATED, PAGE_UNCONFIGURED);

    /** bot-service's token for the catalog API, as handover-service is configured with it. */
    public static final String BOT_TOKEN = "ui-test-bot-admin-token-77a1";

    private MessengerEmulator emulator;
    /** Stands in for bot-service's catalog admin API (its answers are bot-service's documented ones). */
    private com.github.tomakehurst.wiremock.WireMockServer botCatalog;

    /** The page access token of our app on {@code pageId}: a secret, must never be rendered. */
    public static String token(String pageId) {
        return "ui-test-page-token-" + pageId + "-e3b0";
    }

    @Override
    public Map<String, String> start() {
        AppSpec ours = new AppSpec(OUR_APP, "Bot", APP_SECRET, null);
        EmulatorWorld world = new EmulatorWorld(List.of(ours, AppSpec.pageInbox()), List.of());
        for (String page : PAGES) {
            PageSetup setup = PAGE_NOT_DEFAULT.equals(page) ? new PageSetup.ConversationRouting(INBOX)
                    : new PageSetup.Legacy(OUR_APP, List.of(INBOX));
            world = world.withPage(new PageSpec(page, "Page " + page, setup, List.of(OUR_APP, INBOX),
                    Map.of(OUR_APP, token(page))));
        }
        emulator = MessengerEmulator.create().load(world).start(0);
        Map<String, String> config = new HashMap<>();
        config.put(MetaApiResource.BASE_URL_PROPERTY, emulator.baseUrl() + "/v23.0");
        for (String page : PAGES) {
            if (!PAGE_UNCONFIGURED.equals(page)) {
                config.put("messenger.page-tokens.\"" + page + "\"", token(page));
            }
        }
        botCatalog = new com.github.tomakehurst.wiremock.WireMockServer(
                com.github.tomakehurst.wiremock.core.WireMockConfiguration.options().dynamicPort());
        botCatalog.start();
        config.put("bot-catalog.url", botCatalog.baseUrl());
        config.put("bot-catalog.admin-token", BOT_TOKEN);
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(emulator,
                new TestInjector.AnnotatedAndMatchesType(InjectEmulator.class, MessengerEmulator.class));
        testInjector.injectIntoFields(botCatalog, new TestInjector.AnnotatedAndMatchesType(InjectEmulator.class,
                com.github.tomakehurst.wiremock.WireMockServer.class));
    }

    @Override
    public void stop() {
        if (emulator != null) {
            emulator.close();
        }
        if (botCatalog != null) {
            botCatalog.stop();
        }
    }
}
