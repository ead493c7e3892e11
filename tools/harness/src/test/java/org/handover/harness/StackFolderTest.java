package org.handover.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackFolderTest {

    @TempDir
    Path dir;

    @Test
    void clusterIdIsCreatedOnceAndReused() {
        StackFolder folder = new StackFolder(dir);
        folder.create();

        String first = folder.kafkaClusterId();

        assertThat(first).isNotBlank();
        assertThat(new StackFolder(dir).kafkaClusterId()).isEqualTo(first);
    }

    @Test
    void wipeRemovesEverything() throws Exception {
        StackFolder folder = new StackFolder(dir.resolve("stack"));
        folder.create();
        Files.writeString(folder.logs().resolve("kafka.log"), "x");
        folder.kafkaClusterId();

        folder.wipe();

        assertThat(dir.resolve("stack")).doesNotExist();
        assertThat(List.of(dir.toFile().list())).isEmpty();
    }
}
