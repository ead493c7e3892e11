package org.handover.routing;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.OperationalEndpointsContract;

@QuarkusTest
@WithTestResource(KafkaAndPostgresResource.class)
class OperationalEndpointsTest extends OperationalEndpointsContract {
}
