package org.handover.localstack.component;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.handover.contracts.Messenger;
import org.handover.emulator.AppSpec;
import org.handover.emulator.EmulatorWorld;
import org.handover.emulator.PageSetup;
import org.handover.emulator.PageSpec;
import org.handover.harness.LocalDefaults;
import org.handover.harness.Services;
import org.handover.localstack.config.ConfigException;

/**
 * The apps and pages the launcher's emulator starts with, read from the same settings the services get
 * ({@code tools/local-stack/env/*.env}, overridden by the environment), so that the emulator and the services agree
 * on the app id, the app secret that signs webhooks and the page tokens without a second copy of them.
 *
 * <p>Every page with a token ({@code MESSENGER_PAGE_TOKENS_<page id>} of handover-service) is set up as the product
 * expects, both our app and the Page Inbox subscribed: by default with Conversation Routing, our app the default app
 * (what every Messenger page has today); with {@code LOCAL_PAGE_SETUP=legacy}, legacy roles, our app Primary
 * Receiver, the Page Inbox Secondary Receiver. Our app's webhook is ingress-service's.
 */
public final class LocalWorld {

    /** The demo page of the local stack (its catalog ships with bot-service). */
    public static final String DEMO_PAGE_ID = "110000000000001";
    /** The demo page's name. */
    public static final String DEMO_PAGE_NAME = "Demo page";
    /** How our app is called in transcripts. */
    public static final String OUR_APP_NAME = "Bot";

    static final String APP_ID = "MESSENGER_APP_ID";
    static final String APP_SECRETS = "MESSENGER_APP_SECRETS";
    static final String PAGE_TOKEN_PREFIX = "MESSENGER_PAGE_TOKENS_";
    /** {@code routing} (default) or {@code legacy}: how the emulator sets up the local pages. */
    public static final String PAGE_SETUP_ENV = "LOCAL_PAGE_SETUP";

    /** Whether the local pages use legacy roles ({@code LOCAL_PAGE_SETUP=legacy}) instead of Conversation Routing. */
    public static boolean legacyRoles(Map<String, String> environment) {
        String setup = environment.get(PAGE_SETUP_ENV);
        if (setup == null || setup.isBlank() || setup.strip().equalsIgnoreCase("routing")) {
            return false;
        }
        if (setup.strip().equalsIgnoreCase("legacy")) {
            return true;
        }
        throw new ConfigException(PAGE_SETUP_ENV + " must be routing or legacy, not '" + setup + "'");
    }

    /** handover-service's {@code setupKind} for the local pages. */
    public static String setupKind(Map<String, String> environment) {
        return legacyRoles(environment) ? "LEGACY_ROLES" : "CONVERSATION_ROUTING";
    }

    private LocalWorld() {
    }

    /**
     * The world of a local run.
     *
     * @param repoRoot    the checkout (for the env files)
     * @param environment the launcher's environment (wins over the files, as for the services)
     * @param ingressPort ingress-service's port: the webhook goes there
     * @throws ConfigException when the app id, the app secret or every page token is missing
     */
    public static EmulatorWorld fromEnvironment(Path repoRoot, Map<String, String> environment, int ingressPort) {
        String appId = required(repoRoot, Components.HANDOVER, environment, APP_ID);
        String secrets = required(repoRoot, Components.WEBHOOK_RECEIVER, environment, APP_SECRETS);
        // the first secret is the current one; the others are accepted during a rotation
        String secret = Arrays.stream(secrets.split(",")).map(String::trim).filter(s -> !s.isEmpty()).findFirst()
                .orElseThrow(() -> missing(Components.WEBHOOK_RECEIVER, APP_SECRETS));
        URI webhook = URI.create("http://localhost:" + ingressPort + Services.WEBHOOK_PATH);

        AppSpec ours = new AppSpec(appId, OUR_APP_NAME, secret, webhook);
        AppSpec inbox = AppSpec.pageInbox();
        List<PageSpec> pages = new ArrayList<>();
        PageSetup setup = legacyRoles(environment)
                ? new PageSetup.Legacy(appId, List.of(Messenger.PAGE_INBOX_APP_ID))
                : new PageSetup.ConversationRouting(appId);
        for (String name : LocalDefaults.namesStartingWith(repoRoot, Components.HANDOVER, environment,
                PAGE_TOKEN_PREFIX)) {
            String pageId = name.substring(PAGE_TOKEN_PREFIX.length());
            String token = LocalDefaults.effective(repoRoot, Components.HANDOVER, environment, name);
            if (pageId.isEmpty() || token == null || token.isEmpty()) {
                continue;
            }
            pages.add(new PageSpec(pageId, DEMO_PAGE_ID.equals(pageId) ? DEMO_PAGE_NAME : "Page " + pageId,
                    setup, List.of(appId, inbox.id()), Map.of(appId, token)));
        }
        if (pages.isEmpty()) {
            throw missing(Components.HANDOVER, PAGE_TOKEN_PREFIX + "<page id>");
        }
        return new EmulatorWorld(List.of(ours, inbox), pages);
    }

    private static String required(Path repoRoot, String service, Map<String, String> environment, String name) {
        String value = LocalDefaults.effective(repoRoot, service, environment, name);
        if (value == null || value.isBlank()) {
            throw missing(service, name);
        }
        return value;
    }

    private static ConfigException missing(String service, String name) {
        return new ConfigException("The emulator's world needs " + name + ", which is set neither in the environment"
                + " nor in " + LocalDefaults.FOLDER + "/" + service + ".env");
    }
}
