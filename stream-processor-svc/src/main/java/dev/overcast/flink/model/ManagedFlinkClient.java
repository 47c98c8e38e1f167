package dev.overcast.flink.model;

import software.amazon.awssdk.services.kinesisanalyticsv2.KinesisAnalyticsV2Client;

/**
 * Managed Flink's API as served: the 2.20.0 SDK client's actions, and those AWS added since that the service answers with shapes
 * of its own (this package), written from botocore's model. Only the protocol layer reads it (to learn the actions);
 * nothing implements it.
 */
public interface ManagedFlinkClient extends KinesisAnalyticsV2Client {

    ListApplicationOperationsResponse listApplicationOperations(ListApplicationOperationsRequest request);

    DescribeApplicationOperationResponse describeApplicationOperation(DescribeApplicationOperationRequest request);
}
