package dev.overcast.s3;

import dev.overcast.common.testing.Boto3Scenario;
import org.junit.jupiter.api.Test;

/** Access points (S3 Control) and access logging through boto3 (resources/boto3/access.py) against the service. */
class Boto3AccessTest {

    @Test
    void boto3AccessPointsAndLogging() throws Exception {
        Boto3Scenario.run(getClass(), "/boto3/access.py", S3TestService.endpoint());
    }
}
