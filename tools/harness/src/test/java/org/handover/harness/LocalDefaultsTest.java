package org.handover.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDefaultsTest {

    @TempDir
    Path root;

    @Test
    void readsTheServiceFileAndLetsTheEnvironmentWin() throws Exception {
        Path folder = Files.createDirectories(root.resolve(LocalDefaults.FOLDER));
        Files.writeString(folder.resolve("demo-service.env"), """
                # local only
                MESSENGER_APP_ID = 1000001
                MESSENGER_VERIFY_TOKEN=local-verify
                """);

        Map<String, String> defaults = LocalDefaults.of(root, "demo-service", Map.of("MESSENGER_VERIFY_TOKEN", "mine"));

        assertThat(defaults).containsExactly(Map.entry("MESSENGER_APP_ID", "1000001"));
    }

    @Test
    void aServiceWithoutAFileGetsNothing() {
        assertThat(LocalDefaults.of(root, "other-service", Map.of())).isEmpty();
    }
}
