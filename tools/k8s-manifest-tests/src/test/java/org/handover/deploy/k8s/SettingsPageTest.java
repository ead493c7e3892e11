package org.handover.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The settings page's way in: an Ingress for handover-service's {@code /ui} only, over TLS, open to the allowed
 * source ranges only; the matching NetworkPolicy is checked in {@link NetworkPolicyTest}.
 */
class SettingsPageTest {

    static final String INGRESS = "settings-page";
    static final String ALLOW_LIST = "nginx.ingress.kubernetes.io/whitelist-source-range";

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void routesOnlyTheSettingsPageToHandoverServiceOverTls(String overlay) throws IOException {
        Ingress ingress = Manifests.ofOverlay(overlay).get(Ingress.class, INGRESS);

        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getSpec().getRules()).singleElement().satisfies((IngressRule rule) -> {
            assertThat(rule.getHost()).isNotBlank();
            // /ui and below: the sign-in, the pages, their forms. Not /admin (the JSON API), not /q.
            assertThat(rule.getHttp().getPaths()).singleElement().satisfies(path -> {
                assertThat(path.getPath()).isEqualTo("/ui");
                assertThat(path.getPathType()).isEqualTo("Prefix");
                assertThat(path.getBackend().getService().getName()).isEqualTo("handover-service");
                assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
            });
            assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
                assertThat(tls.getHosts()).containsExactly(rule.getHost());
                assertThat(tls.getSecretName()).isNotBlank();
            });
        });
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        assertThat(annotations).containsEntry("nginx.ingress.kubernetes.io/force-ssl-redirect", "true");
        // The certificate: from cert-manager (an issuer annotation), or a Secret made by hand (then no annotation).
        assertThat(annotations.keySet()).filteredOn(k -> k.startsWith("cert-manager.io/"))
                .allMatch(k -> k.equals("cert-manager.io/cluster-issuer") || k.equals("cert-manager.io/issuer"));
        // The route ends where handover-service serves the page.
        String ui = Files.readString(Repository.service("handover-service")
                .resolve("src/main/java/org/handover/handover/ui/UiLoginResource.java"));
        assertThat(ui).contains("@Path(\"/ui\")");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyTheAllowedSourceRangesReachIt(String overlay) {
        Ingress ingress = Manifests.ofOverlay(overlay).get(Ingress.class, INGRESS);

        String ranges = ingress.getMetadata().getAnnotations().get(ALLOW_LIST);
        assertThat(ranges).as(ALLOW_LIST).isNotBlank();
        List<String> cidrs = Arrays.stream(ranges.split(",")).map(String::trim).toList();
        assertThat(cidrs).allSatisfy(cidr -> {
            assertThat(prefixLength(cidr)).as("%s: a CIDR that is not (nearly) everyone", cidr).isGreaterThanOrEqualTo(8);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theSessionCookieStaysSecureBehindTheIngress(String overlay) {
        Deployment handover = Manifests.ofOverlay(overlay).get(Deployment.class, "handover-service");

        // TLS ends at the Ingress: the browser is on HTTPS, so the cookie keeps its Secure flag (the prod default).
        assertThat(Workloads.envNames(handover)).doesNotContain("ADMIN_UI_SECURE_COOKIE");
    }

    /** The prefix length of an IPv4 or IPv6 CIDR; fails on anything else (nginx would refuse the whole list). */
    static int prefixLength(String cidr) {
        String[] parts = cidr.split("/", -1);
        assertThat(parts).as("%s is address/length", cidr).hasSize(2);
        try {
            // Literal addresses only: InetAddress.getByName never looks a literal up.
            assertThat(parts[0]).matches("[0-9.]+|[0-9a-fA-F:]+");
            byte[] address = InetAddress.getByName(parts[0]).getAddress();
            int length = Integer.parseInt(parts[1]);
            assertThat(length).isBetween(0, address.length * 8);
            BigInteger host = new BigInteger(1, address).and(BigInteger.ONE.shiftLeft(address.length * 8 - length)
                    .subtract(BigInteger.ONE));
            assertThat(host).as("%s has no host bits set", cidr).isEqualTo(BigInteger.ZERO);
            return length;
        } catch (IOException | NumberFormatException e) {
            throw new AssertionError(cidr + " is not a CIDR", e);
        }
    }
}
