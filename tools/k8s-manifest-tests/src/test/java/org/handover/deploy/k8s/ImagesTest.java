package org.handover.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which image each container runs. Production pins every image: a release tag or a digest, never a {@code -SNAPSHOT}
 * or {@code latest} (a tag that moves), which {@code IfNotPresent} would leave stale on any node that pulled an
 * earlier build under the same name. Anywhere, a floating tag is pulled on every start ({@code Always}).
 */
class ImagesTest {

    /** A digest ({@code @sha256:<64 hex>}), or a tag that names a release: digits and dots, optionally a qualifier. */
    static boolean pinned(String image) {
        int at = image.indexOf('@');
        if (at >= 0) {
            return image.substring(at + 1).matches("sha256:[0-9a-f]{64}");
        }
        String tag = tag(image);
        return tag != null && tag.matches("[0-9]+(\\.[0-9]+)*(-[A-Za-z0-9.]+)?")
                && !tag.toUpperCase(java.util.Locale.ROOT).endsWith("-SNAPSHOT");
    }

    /** The tag of {@code registry:port/name:tag}, null without one (a colon in the registry part is a port). */
    static String tag(String image) {
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? image.substring(colon + 1) : null;
    }

    /** What is wrong with the container's image and pull policy: nothing, if empty. */
    static List<String> problems(String where, Container container, boolean production) {
        List<String> problems = new ArrayList<>();
        String image = container.getImage();
        boolean pinned = pinned(image);
        if (production && !pinned) {
            problems.add(where + ": production runs the floating image " + image + " (pin a release tag or a digest)");
        }
        // Kubernetes' own default for a :latest or untagged image is Always; anything else defaults to IfNotPresent.
        String policy = container.getImagePullPolicy();
        if (!pinned && !"Always".equals(policy)) {
            problems.add(where + ": " + image + " with imagePullPolicy " + policy
                    + " (a node keeps the first build it pulled under that tag)");
        }
        return problems;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void floatingImagesArePulledOnEveryStartAndProductionPinsThemAll(String overlay) {
        List<String> problems = new ArrayList<>();
        for (Deployment deployment : Manifests.ofOverlay(overlay).deployments()) {
            problems.addAll(problems(deployment.getMetadata().getName(), Workloads.container(deployment),
                    overlay.equals("prod")));
        }

        assertThat(problems).as(overlay).isEmpty();
    }

    @Test
    void productionRunsOneReleaseOfAllFourServices() {
        List<String> releases = Manifests.ofOverlay("prod").deployments().stream()
                .map(d -> Workloads.container(d).getImage())
                .map(image -> image.contains("@") ? image.substring(image.indexOf('@')) : tag(image))
                .distinct().toList();

        // One version of the system at a time (a digest per service is different by nature, and allowed).
        assertThat(releases.size() == 1 || releases.stream().allMatch(r -> r.startsWith("@"))).as("%s", releases).isTrue();
    }

    @ParameterizedTest(name = "{0} pinned: {1}")
    @CsvSource({
            "messenger-handover/bot-service:0.1.0, true",
            "registry.example.com:5000/messenger-handover/bot-service:1.4.2, true",
            "messenger-handover/bot-service:1.4.2-rc1, true",
            "messenger-handover/bot-service@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, true",
            "messenger-handover/bot-service:0.1.0-SNAPSHOT, false",
            "messenger-handover/bot-service:latest, false",
            "messenger-handover/bot-service, false",
            "registry.example.com:5000/messenger-handover/bot-service, false",
            "messenger-handover/bot-service@sha256:abc, false"})
    void tellsAPinnedImageFromAFloatingOne(String image, boolean pinned) {
        assertThat(pinned(image)).isEqualTo(pinned);
    }

    @Test
    void refusesASnapshotWithIfNotPresentAndAcceptsItWithAlways() {
        Container stale = new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("bot-service")
                .withImage("messenger-handover/bot-service:0.1.0-SNAPSHOT").withImagePullPolicy("IfNotPresent").build();
        Container pulled = new io.fabric8.kubernetes.api.model.ContainerBuilder(stale).withImagePullPolicy("Always").build();

        assertThat(problems("bot-service", stale, false)).singleElement().asString().contains("IfNotPresent");
        assertThat(problems("bot-service", pulled, false)).isEmpty();
        assertThat(problems("bot-service", pulled, true)).singleElement().asString().contains("production");
    }
}
