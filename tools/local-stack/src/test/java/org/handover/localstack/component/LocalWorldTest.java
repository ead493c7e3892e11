package org.handover.localstack.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.handover.emulator.AppSpec;
import org.handover.emulator.EmulatorWorld;
import org.handover.emulator.PageSetup;
import org.handover.emulator.PageSpec;
import org.handover.harness.LocalDefaults;
import org.handover.localstack.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalWorldTest {

    private static final String INBOX = "263902037430900";

    @TempDir
    Path root;

    @Test
    void theCheckedInSettingsGiveTheDemoPageWithConversationRoutingAndIngressAsWebhook() {
        EmulatorWorld world = LocalWorld.fromEnvironment(repositoryRoot(), Map.of(), 18081);

        assertThat(world.apps()).containsExactly(
                new AppSpec("220000000000002", "Bot", "local-app-secret-not-for-production",
                        URI.create("http://localhost:18081/webhook")),
                AppSpec.pageInbox());
        assertThat(world.pages()).containsExactly(new PageSpec("110000000000001", "Demo page",
                new PageSetup.ConversationRouting("220000000000002"), List.of("220000000000002", INBOX),
                Map.of("220000000000002", "local-page-token")));
        assertThat(LocalWorld.setupKind(Map.of())).isEqualTo("CONVERSATION_ROUTING");
    }

    @Test
    void legacyRolesAreOneSettingAway() {
        EmulatorWorld world = LocalWorld.fromEnvironment(repositoryRoot(), Map.of("LOCAL_PAGE_SETUP", "legacy"),
                18081);

        assertThat(world.pages()).extracting(PageSpec::setup)
                .containsExactly(new PageSetup.Legacy("220000000000002", List.of(INBOX)));
        assertThat(LocalWorld.setupKind(Map.of("LOCAL_PAGE_SETUP", "legacy"))).isEqualTo("LEGACY_ROLES");
        assertThatThrownBy(() -> LocalWorld.setupKind(Map.of("LOCAL_PAGE_SETUP", "primary")))
                .hasMessageContaining("LOCAL_PAGE_SETUP must be routing or legacy");
    }

    @Test
    void theEnvironmentWinsAndAddsPagesAndTheFirstSecretSigns() throws Exception {
        writeEnv("handover-service", """
                MESSENGER_APP_ID=1000001
                MESSENGER_PAGE_TOKENS_500=file-token
                """);
        writeEnv("ingress-service", "MESSENGER_APP_SECRETS=file-secret\n");

        EmulatorWorld world = LocalWorld.fromEnvironment(root, Map.of(
                "MESSENGER_APP_SECRETS", " current-secret , previous-secret",
                "MESSENGER_PAGE_TOKENS_500", "exported-token",
                "MESSENGER_PAGE_TOKENS_600", "other-token",
                "MESSENGER_APP_ID", "1000002"), 8081);

        assertThat(world.apps().get(0)).isEqualTo(new AppSpec("1000002", "Bot", "current-secret",
                URI.create("http://localhost:8081/webhook")));
        assertThat(world.pages()).extracting(PageSpec::id, PageSpec::name, PageSpec::tokens).containsExactly(
                tuple("500", "Page 500", Map.of("1000002", "exported-token")),
                tuple("600", "Page 600", Map.of("1000002", "other-token")));
    }

    @Test
    void namesWhatIsMissing() throws Exception {
        writeEnv("handover-service", "MESSENGER_APP_ID=1000001\n");
        writeEnv("ingress-service", "MESSENGER_APP_SECRETS=secret\n");

        assertThatThrownBy(() -> LocalWorld.fromEnvironment(root, Map.of(), 8081))
                .isInstanceOf(ConfigException.class)
                .hasMessage("The emulator's world needs MESSENGER_PAGE_TOKENS_<page id>, which is set neither in the "
                        + "environment nor in tools/local-stack/env/handover-service.env");
        assertThatThrownBy(() -> LocalWorld.fromEnvironment(root, Map.of("MESSENGER_APP_SECRETS", " , "), 8081))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("needs MESSENGER_APP_SECRETS")
                .hasMessageContaining("ingress-service.env");
    }

    private void writeEnv(String service, String content) throws Exception {
        Path folder = Files.createDirectories(root.resolve(LocalDefaults.FOLDER));
        Files.writeString(folder.resolve(service + ".env"), content);
    }

    private static Path repositoryRoot() {
        return Path.of(System.getProperty("local-stack.root", "../..")).toAbsolutePath().normalize();
    }
}
