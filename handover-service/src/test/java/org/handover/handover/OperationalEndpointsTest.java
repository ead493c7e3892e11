package org.handover.handover;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.handover.testsupport.KafkaAndPostgresResource;
import org.handover.testsupport.OperationalEndpointsContract;

@QuarkusTest
@WithTestResource(value = KafkaAndPostgresResource.class, initArgs = @ResourceArg(name = "postgres", value = "true"))
class OperationalEndpointsTest extends OperationalEndpointsContract {

    @Override
    protected List<String> requiredReadinessChecks() {
        return kafkaAndDatabaseChecks();
    }
}
