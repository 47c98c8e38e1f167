package dev.overcast.dynamodb;

import dev.overcast.common.testing.Boto3Scenario;
import org.junit.jupiter.api.Test;

/** The boto3 scenarios (resources/boto3/*.py) run by python3 against the service's port. */
class Boto3ScenarioTest {

    @Test
    void boto3TableResourceKeyConditionsAndBatchWriter() throws Exception {
        Boto3Scenario.run(getClass(), "/boto3/scenario.py", DynamoDbTestService.endpoint());
    }

    @Test
    void boto3ExportToS3ReimportedIntoANewTable() throws Exception {
        var s3 = DynamoDbTestService.s3();
        if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals("boto3-exports"))) {
            s3.createBucket(b -> b.bucket("boto3-exports"));
        }
        Boto3Scenario.run(getClass(), "/boto3/export_import.py", DynamoDbTestService.endpoint());
    }

    @Test
    void boto3GlobalTableWithTwoReplicaRegions() throws Exception {
        Boto3Scenario.run(getClass(), "/boto3/global_tables.py", DynamoDbTestService.endpoint());
    }

    @Test
    void boto3AutoScalingWarmThroughputInsightsAndAResourcePolicy() throws Exception {
        Boto3Scenario.run(getClass(), "/boto3/throughput_policies.py", DynamoDbTestService.endpoint());
    }
}
