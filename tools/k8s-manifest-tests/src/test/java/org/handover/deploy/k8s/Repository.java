package org.handover.deploy.k8s;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Paths of the repository the tests read: the manifests in {@code deploy/k8s}, this test module's own files and the
 * services' configuration.
 */
final class Repository {

    private Repository() {
    }

    /** The repository root: the first parent of the working directory that holds the event contracts. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("event-contracts"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("Not inside the repository: " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** The manifests under test, and their README: {@code deploy/k8s}. */
    static Path manifests() {
        return root().resolve("deploy/k8s");
    }

    /** This test module: {@code tools/k8s-manifest-tests} (the kustomize pin, the downloaded binary). */
    static Path module() {
        return root().resolve("tools/k8s-manifest-tests");
    }

    /** The monitoring pack: {@code deploy/k8s/monitoring} (PodMonitors, PrometheusRule, dashboard, rule tests). */
    static Path monitoring() {
        return manifests().resolve("monitoring");
    }

    static Path overlay(String name) {
        return manifests().resolve("overlays").resolve(name);
    }

    /** The Maven module of a service, named like its Deployment. */
    static Path service(String name) {
        return root().resolve(name);
    }
}
