package dev.overcast.glue;

import dev.overcast.common.testing.Boto3Scenario;
import org.junit.jupiter.api.Test;

/**
 * The boto3 scenario (resources/boto3/scenario.py, JSON 1.1, the AWS CLI included) run by python3 through the gateway
 * started in this JVM in front of the Glue service.
 */
class Boto3ScenarioTest {

    @Test
    void boto3AndTheCliThroughTheGateway() throws Exception {
        Boto3Scenario.run(getClass(), "/boto3/scenario.py", GlueTestService.gateway());
    }
}
