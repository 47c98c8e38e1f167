package dev.overcast.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;

/**
 * The Kinesis streaming destination's control plane and its checks. No Kinesis runs beside the test service, so a
 * destination stays ENABLING here; the sandbox's end-to-end test delivers changes to a real Kinesis stream.
 */
class KinesisDestinationTest {

    private final DynamoDbClient ddb = DynamoDbTestService.client();
    private static final String STREAM = "arn:aws:kinesis:us-east-1:000000000000:stream/changes";

    @Test
    void enablingIsRecordedAndDescribedAndRefusedTwice() {
        String table = DynamoDbTestService.createTable(ddb, null);
        assertThat(ddb.describeKinesisStreamingDestination(b -> b.tableName(table)).kinesisDataStreamDestinations()).isEmpty();

        EnableKinesisStreamingDestinationResponse enabled = ddb.enableKinesisStreamingDestination(b -> b.tableName(table)
                .streamArn(STREAM).enableKinesisStreamingConfiguration(c -> c.approximateCreationDateTimePrecision(
                        ApproximateCreationDateTimePrecision.MICROSECOND)));
        assertThat(enabled.destinationStatus()).isEqualTo(DestinationStatus.ENABLING);
        assertThat(enabled.tableName()).isEqualTo(table);
        assertThat(enabled.streamArn()).isEqualTo(STREAM);
        assertThat(enabled.enableKinesisStreamingConfiguration().approximateCreationDateTimePrecision())
                .isEqualTo(ApproximateCreationDateTimePrecision.MICROSECOND);

        DescribeKinesisStreamingDestinationResponse d = ddb.describeKinesisStreamingDestination(b -> b.tableName(table));
        assertThat(d.tableName()).isEqualTo(table);
        assertThat(d.kinesisDataStreamDestinations()).singleElement().satisfies(x -> {
            assertThat(x.streamArn()).isEqualTo(STREAM);
            assertThat(x.destinationStatus()).isEqualTo(DestinationStatus.ENABLING);
            assertThat(x.approximateCreationDateTimePrecision()).isEqualTo(ApproximateCreationDateTimePrecision.MICROSECOND);
        });

        assertThatThrownBy(() -> ddb.enableKinesisStreamingDestination(b -> b.tableName(table).streamArn(STREAM)))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageStartingWith("Table is not in a valid state to enable Kinesis Streaming Destination:"
                        + "EnableKinesisStreamingDestination must be DISABLED or ENABLE_FAILED to perform ENABLE operation.");
        // only an ACTIVE destination can be disabled or updated
        assertThatThrownBy(() -> ddb.disableKinesisStreamingDestination(b -> b.tableName(table).streamArn(STREAM)))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageStartingWith("Table is not in a valid state to disable Kinesis Streaming Destination:");
        assertThatThrownBy(() -> ddb.updateKinesisStreamingDestination(b -> b.tableName(table).streamArn(STREAM)
                .updateKinesisStreamingConfiguration(c -> c.approximateCreationDateTimePrecision(
                        ApproximateCreationDateTimePrecision.MILLISECOND))))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageStartingWith("Table is not in a valid state to update Kinesis Streaming Destination:");

        // item writes go on while a destination is being enabled
        ddb.putItem(b -> b.tableName(table).item(java.util.Map.of("pk", DynamoDbTestService.s("a"))));
        assertThat(ddb.getItem(b -> b.tableName(table).key(java.util.Map.of("pk", DynamoDbTestService.s("a")))).item())
                .containsKey("pk");
    }

    @Test
    void badRequestsAreRefusedAndChangeNothing() {
        String table = DynamoDbTestService.createTable(ddb, null);
        assertThatThrownBy(() -> ddb.enableKinesisStreamingDestination(b -> b.tableName("no-such-table").streamArn(STREAM)))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageStartingWith("Requested resource not found: Table: no-such-table not found");
        assertThatThrownBy(() -> ddb.describeKinesisStreamingDestination(b -> b.tableName("no-such-table")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> ddb.enableKinesisStreamingDestination(b -> b.tableName(table).streamArn("short")))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("Value 'short' at 'streamArn' failed to satisfy constraint: Member must have length greater than or equal to 37");
        assertThatThrownBy(() -> ddb.enableKinesisStreamingDestination(b -> b.tableName(table)
                .streamArn("arn:aws:sqs:us-east-1:000000000000:queue/not-a-stream")))
                .isInstanceOf(DynamoDbException.class).hasMessageContaining("Invalid StreamArn");
        assertThatThrownBy(() -> ddb.updateKinesisStreamingDestination(b -> b.tableName(table).streamArn(STREAM)))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("ApproximateCreationDateTimePrecision");
        assertThat(ddb.describeKinesisStreamingDestination(b -> b.tableName(table)).kinesisDataStreamDestinations()).isEmpty();
    }
}
