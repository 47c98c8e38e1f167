package dev.overcast.firehose;

import dev.overcast.common.testing.Boto3Scenario;
import org.junit.jupiter.api.Test;

/** The boto3 scenario (resources/boto3/scenario.py, JSON 1.1) run by python3 against the service's port. */
class Boto3ScenarioTest {

    @Test
    void boto3ControlPlanePutsAndErrors() throws Exception {
        Boto3Scenario.run(getClass(), "/boto3/scenario.py", FirehoseTestService.endpoint());
    }
}
