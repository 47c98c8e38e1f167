package dev.overcast.s3;

import dev.overcast.common.testing.Boto3Scenario;
import org.junit.jupiter.api.Test;

/** The boto3 scenario of bucket management (resources/boto3/management.py) run by python3 against the service. */
class Boto3ManagementTest {

    @Test
    void boto3BucketManagementConfigurations() throws Exception {
        Boto3Scenario.run(getClass(), "/boto3/management.py", S3TestService.endpoint());
    }
}
