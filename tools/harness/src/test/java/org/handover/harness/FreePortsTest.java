package org.handover.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void picksDistinctPortsThatAreFree() {
        int[] ports = FreePorts.pick(5);

        assertThat(ports).hasSize(5).doesNotHaveDuplicates();
        assertThat(java.util.Arrays.stream(ports).allMatch(FreePorts::isFree)).isTrue();
    }

    @Test
    void namesEachPortInTheirOrder() {
        Map<String, Integer> ports = FreePorts.pick(List.of("kafka", "postgres", "ingress-service"));

        assertThat(ports).containsOnlyKeys("kafka", "postgres", "ingress-service");
        assertThat(ports.keySet()).containsExactly("kafka", "postgres", "ingress-service");
        assertThat(ports.values()).doesNotHaveDuplicates();
    }

    @Test
    void aPortSomethingListensOnIsNotFree() throws Exception {
        try (ServerSocket listening = new ServerSocket(0)) {
            assertThat(FreePorts.isFree(listening.getLocalPort())).isFalse();
        }
        int port = FreePorts.pick(1)[0];
        assertThat(FreePorts.isFree(port)).isTrue();
    }
}
