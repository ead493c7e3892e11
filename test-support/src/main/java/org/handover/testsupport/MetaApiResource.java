package org.handover.testsupport;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Meta's Graph API (thread control and the Send API) stubbed by WireMock on a dynamic port, for
 * {@code @QuarkusTest}s of the services that call Meta. The service under test is pointed at it through
 * {@code messenger.graph.base-url}; tests receive the server in a field annotated {@link InjectMetaApi} and stub or
 * verify calls on it. Use with {@code @WithTestResource(MetaApiResource.class)} beside {@link KafkaAndPostgresResource}.
 */
public class MetaApiResource implements QuarkusTestResourceLifecycleManager {

    /** The configuration property of every service that names the Graph API's base URL. */
    public static final String BASE_URL_PROPERTY = "messenger.graph.base-url";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        // The request journal is what tests verify against; bounded so a long test run cannot grow it forever.
        server = new WireMockServer(options().dynamicPort().maxRequestJournalEntries(10_000));
        server.start();
        return Map.of(BASE_URL_PROPERTY, server.baseUrl());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectMetaApi.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
