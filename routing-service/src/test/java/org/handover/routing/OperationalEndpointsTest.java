package org.handover.routing;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.stream.Stream;
import org.handover.routing.messaging.CatalogLoadedCheck;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.OperationalEndpointsContract;

@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
class OperationalEndpointsTest extends OperationalEndpointsContract {

    /** The broker and channels, and the guided catalog read to its end (nothing is classified before). */
    @Override
    protected List<String> requiredReadinessChecks() {
        return Stream.concat(kafkaChecks().stream(), Stream.of(CatalogLoadedCheck.NAME)).toList();
    }
}
