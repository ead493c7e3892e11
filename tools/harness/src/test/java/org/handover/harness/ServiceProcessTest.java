package org.handover.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child JVMs, run from a jar whose main class is {@link ReadyServer}. */
class ServiceProcessTest {

    private static final ServiceDefinition SERVICE = Services.named("ingress-service");

    @TempDir
    Path dir;

    private Path jar;
    private final List<ServiceProcess> started = new ArrayList<>();

    @BeforeEach
    void buildJar() throws Exception {
        Path classes = Path.of(ReadyServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path mainClasses = Path.of(Services.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, ReadyServer.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH,
                classes.toUri() + " " + mainClasses.toUri());
        jar = dir.resolve("ready-server.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out,
                manifest)) {
            // only the manifest: the classes come from its class path
        }
    }

    @AfterEach
    void stopWhatRuns() {
        ServiceProcess.stopAll(started, Duration.ofSeconds(5));
    }

    @Test
    void aServiceThatAnswersReadyIsReadyAndStopsOnSigterm() {
        ServiceProcess service = start(Map.of());
        List<String> ready = new ArrayList<>();

        ServiceProcess.awaitAllReady(List.of(service), Duration.ofSeconds(60), new ServiceProcess.ReadyWatcher() {
            @Override
            public void ready(ServiceProcess s) {
                ready.add(s.name());
            }
        });

        assertThat(ready).containsExactly(SERVICE.name());
        assertThat(new ReadinessProbe().check(service.readinessUri())).isEqualTo(ReadinessProbe.Answer.READY);
        assertThat(ServiceProcess.stopAll(List.of(service), Duration.ofSeconds(10))).as("killed").isEmpty();
        assertThat(service.isAlive()).isFalse();
        assertThat(new ReadinessProbe().check(service.readinessUri())).isEqualTo(ReadinessProbe.Answer.UNREACHABLE);
    }

    @Test
    void aServiceThatExitsWhileStartingFailsTheWaitAtOnceNamingItsLog() {
        ServiceProcess service = start(Map.of("EXIT_CODE", "3"));

        ServiceProcess.NotReadyException failure = catchThrowableOfType(ServiceProcess.NotReadyException.class,
                () -> ServiceProcess.awaitAllReady(List.of(service), Duration.ofMinutes(5), dir));

        assertThat(failure.exited()).isTrue();
        assertThat(failure.services()).containsExactly(service);
        assertThat(failure).hasMessageContaining(SERVICE.name() + " exited with code 3")
                .hasMessageContaining(service.log().toString());
    }

    @Test
    void aServiceNotReadyInTimeIsNamedWithWhereTheLogsAre() {
        ServiceProcess service = start(Map.of("READY_STATUS", "503"));

        assertThatThrownBy(() -> ServiceProcess.awaitAllReady(List.of(service), Duration.ofSeconds(3), dir))
                .isInstanceOfSatisfying(ServiceProcess.NotReadyException.class, e -> {
                    assertThat(e.exited()).isFalse();
                    assertThat(e.services()).containsExactly(service);
                })
                .hasMessageContaining("Not ready after 3 s: [" + SERVICE.name() + "]; logs in " + dir);
        assertThat(service.isAlive()).isTrue();
        assertThat(new ReadinessProbe().check(service.readinessUri())).isEqualTo(ReadinessProbe.Answer.NOT_READY);
    }

    @Test
    void aWatcherCanStopTheWait() {
        ServiceProcess service = start(Map.of("READY_STATUS", "503"));

        assertThatThrownBy(() -> ServiceProcess.awaitAllReady(List.of(service), Duration.ofMinutes(5),
                new ServiceProcess.ReadyWatcher() {
                    @Override
                    public void checkGoOn() {
                        throw new IllegalStateException("stopped while starting");
                    }
                })).isInstanceOf(IllegalStateException.class).hasMessage("stopped while starting");
    }

    @Test
    void aKilledServiceIsTheJvmItselfAndStartsAgainOnItsPortLoggingAfterTheKilledOne() throws Exception {
        ServiceProcess service = start(Map.of());
        ServiceProcess.awaitAllReady(List.of(service), Duration.ofSeconds(60), dir);
        assertThat(service.handle().info().command()).as("the process is java, not a wrapper")
                .hasValueSatisfying(command -> assertThat(Path.of(command).getFileName().toString())
                        .startsWith("java"));
        assertThatThrownBy(service::restart).as("a running service is not started twice")
                .isInstanceOf(IllegalStateException.class);

        service.kill();
        ServiceProcess again = service.restart();
        started.add(again);
        ServiceProcess.awaitAllReady(List.of(again), Duration.ofSeconds(60), dir);

        assertThat(service.isAlive()).isFalse();
        assertThat(again.pid()).isNotEqualTo(service.pid());
        assertThat(again.port()).isEqualTo(service.port());
        assertThat(new ReadinessProbe().check(again.readinessUri())).isEqualTo(ReadinessProbe.Answer.READY);
        assertThat(Files.readAllLines(again.log())).as("both runs' output").containsExactly("listening",
                "listening");
    }

    @Test
    void aProbeOfAPortNobodyListensOnIsUnreachable() {
        URI nowhere = URI.create("http://localhost:" + FreePorts.pick(1)[0] + Services.READINESS_PATH);

        assertThat(new ReadinessProbe().check(nowhere)).isEqualTo(ReadinessProbe.Answer.UNREACHABLE);
    }

    private ServiceProcess start(Map<String, String> env) {
        int port = FreePorts.pick(1)[0];
        Map<String, String> environment = new HashMap<>(env);
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        ServiceProcess service = ServiceProcess.start(SERVICE, port, jar, dir, environment,
                dir.resolve(SERVICE.name() + "-" + started.size() + ".log"));
        started.add(service);
        return service;
    }
}
