package org.handover.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The JVM options of the service processes, and how {@code SERVICE_JVM_OPTIONS} replaces them. */
class ServiceJvmOptionsTest {

    @Test
    void withoutTheVariableTheServicesGetTheDefaults() {
        assertThat(ServiceProcess.jvmOptions(null)).isEqualTo(ServiceProcess.JVM_OPTIONS);
        assertThat(ServiceProcess.jvmOptions("  ")).isEqualTo(ServiceProcess.JVM_OPTIONS);
        assertThat(ServiceProcess.JVM_OPTIONS).contains("-XX:+UseSerialGC").anyMatch(o -> o.startsWith("-Xmx"));
    }

    @Test
    void theVariableReplacesThemSplitAtSpaces() {
        assertThat(ServiceProcess.jvmOptions(" -XX:+UseG1GC   -Xmx256m "))
                .containsExactly("-XX:+UseG1GC", "-Xmx256m");
    }

    @Test
    void theExtraVariableAddsToTheDefaultsOrToTheReplacement() {
        assertThat(ServiceProcess.jvmOptions(null, " -XX:TieredStopAtLevel=1 "))
                .startsWith(ServiceProcess.JVM_OPTIONS.toArray(String[]::new)).endsWith("-XX:TieredStopAtLevel=1")
                .hasSize(ServiceProcess.JVM_OPTIONS.size() + 1);
        assertThat(ServiceProcess.jvmOptions("-Xmx256m", "-XX:TieredStopAtLevel=1"))
                .containsExactly("-Xmx256m", "-XX:TieredStopAtLevel=1");
        assertThat(ServiceProcess.jvmOptions(null, " ")).isEqualTo(ServiceProcess.JVM_OPTIONS);
    }

    @Test
    void nativeHeapTrimmingOnlyWhereTheJvmKnowsTheFlag() {
        assertThat(ServiceProcess.jvmOptionsFor(Runtime.Version.parse("17.0.15")))
                .contains(ServiceProcess.TRIM_NATIVE_HEAP);
        assertThat(ServiceProcess.jvmOptionsFor(Runtime.Version.parse("17.0.8")))
                .doesNotContain(ServiceProcess.TRIM_NATIVE_HEAP)
                .contains("-XX:+UseSerialGC");
        assertThat(ServiceProcess.jvmOptionsFor(Runtime.Version.parse("20.0.2")))
                .doesNotContain(ServiceProcess.TRIM_NATIVE_HEAP);
        assertThat(ServiceProcess.jvmOptionsFor(Runtime.Version.parse("21")))
                .doesNotContain(ServiceProcess.TRIM_NATIVE_HEAP);
        assertThat(ServiceProcess.jvmOptionsFor(Runtime.Version.parse("21.0.1")))
                .contains(ServiceProcess.TRIM_NATIVE_HEAP);
        assertThat(ServiceProcess.jvmOptionsFor(Runtime.Version.parse("25"))).contains(ServiceProcess.TRIM_NATIVE_HEAP);
    }
}
