package dev.overcast.dynamodb;

import dev.overcast.common.testing.Boto3Scenario;
import org.junit.jupiter.api.Test;

/** The boto3 scenario (resources/boto3/scenario.py) run by python3 against the service's port. */
class Boto3ScenarioTest {

    @Test
    void boto3TableResourceKeyConditionsAndBatchWriter() throws Exception {
        Boto3Scenario.run(getClass(), "/boto3/scenario.py", DynamoDbTestService.endpoint());
    }
}
