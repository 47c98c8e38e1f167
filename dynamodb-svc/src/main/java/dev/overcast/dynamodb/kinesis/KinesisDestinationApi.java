package dev.overcast.dynamodb.kinesis;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.table.TableStore;
import java.util.Objects;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.dynamodb.model.*;

/**
 * Kinesis Data Streams for DynamoDB: EnableKinesisStreamingDestination, DisableKinesisStreamingDestination,
 * DescribeKinesisStreamingDestination, UpdateKinesisStreamingDestination. The request only records the new status
 * (ENABLING, DISABLING, UPDATING); the relay ({@link KinesisRelay}) checks the stream and moves it on (ACTIVE,
 * ENABLE_FAILED, DISABLED), and delivers the table's item changes to it.
 */
@AwsApi(api = "dynamodb")
public class KinesisDestinationApi {

    private final TableStore tables;
    private final DestinationStore destinations;
    private final KinesisChangeStore changes;
    private final TransactionTemplate tx;
    private final SuiteClock clock;

    public KinesisDestinationApi(TableStore tables, DestinationStore destinations, KinesisChangeStore changes,
                                 TransactionTemplate tx, SuiteClock clock) {
        this.tables = tables;
        this.destinations = destinations;
        this.changes = changes;
        this.tx = tx;
        this.clock = clock;
    }

    private static final String DEFAULT_PRECISION = ApproximateCreationDateTimePrecision.MILLISECOND.toString();

    /** The stream ARN of a Kinesis data stream: {@code arn:<partition>:kinesis:<region>:<account>:stream/<name>}. */
    static StreamRef streamRef(String arn) {
        String[] parts = arn == null ? new String[0] : arn.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("kinesis") || parts[3].isEmpty()
                || !parts[4].matches("[0-9]{12}") || !parts[5].matches("stream/[a-zA-Z0-9_.-]{1,128}")) {
            throw DynamoDbErrors.validation("Invalid StreamArn: " + arn + " is not the ARN of a Kinesis data stream");
        }
        return new StreamRef(parts[3], parts[4], parts[5].substring("stream/".length()));
    }

    /** Where a destination's stream is: its region, account and name. */
    record StreamRef(String region, String account, String name) {
    }

    public EnableKinesisStreamingDestinationResponse enableKinesisStreamingDestination(
            RequestContext ctx, EnableKinesisStreamingDestinationRequest r) {
        TableDef t = tables.describe(ctx, r.tableName());
        streamRef(r.streamArn());
        String precision = r.enableKinesisStreamingConfiguration() == null
                || r.enableKinesisStreamingConfiguration().approximateCreationDateTimePrecision() == null
                ? DEFAULT_PRECISION : r.enableKinesisStreamingConfiguration().approximateCreationDateTimePrecisionAsString();
        tx.executeWithoutResult(s -> {
            tables.lock(t.id());
            destinations.find(t.id(), r.streamArn()).ifPresent(d -> {
                if (!d.status().equals("DISABLED") && !d.status().equals("ENABLE_FAILED")) {
                    throw DynamoDbErrors.validation("Table is not in a valid state to enable Kinesis Streaming Destination:"
                            + "EnableKinesisStreamingDestination must be DISABLED or ENABLE_FAILED to perform ENABLE operation.");
                }
            });
            destinations.enable(t.id(), r.streamArn(), precision, changes.last(t.id()), clock.now());
        });
        return EnableKinesisStreamingDestinationResponse.builder().tableName(t.name()).streamArn(r.streamArn())
                .destinationStatus(DestinationStatus.ENABLING)
                .enableKinesisStreamingConfiguration(c -> c.approximateCreationDateTimePrecision(precision))
                .build();
    }

    public DisableKinesisStreamingDestinationResponse disableKinesisStreamingDestination(
            RequestContext ctx, DisableKinesisStreamingDestinationRequest r) {
        TableDef t = tables.describe(ctx, r.tableName());
        streamRef(r.streamArn());
        tx.executeWithoutResult(s -> {
            tables.lock(t.id());
            destinations.find(t.id(), r.streamArn()).filter(d -> d.status().equals("ACTIVE")).orElseThrow(() ->
                    DynamoDbErrors.validation("Table is not in a valid state to disable Kinesis Streaming Destination:"
                            + "DisableKinesisStreamingDestination must be ACTIVE to perform DISABLE operation."));
            destinations.status(t.id(), r.streamArn(), "DISABLING", null, null, clock.now());
        });
        DisableKinesisStreamingDestinationResponse.Builder b = DisableKinesisStreamingDestinationResponse.builder()
                .tableName(t.name()).streamArn(r.streamArn()).destinationStatus(DestinationStatus.DISABLING);
        if (r.enableKinesisStreamingConfiguration() != null) {
            b.enableKinesisStreamingConfiguration(r.enableKinesisStreamingConfiguration());
        }
        return b.build();
    }

    public UpdateKinesisStreamingDestinationResponse updateKinesisStreamingDestination(
            RequestContext ctx, UpdateKinesisStreamingDestinationRequest r) {
        TableDef t = tables.describe(ctx, r.tableName());
        streamRef(r.streamArn());
        UpdateKinesisStreamingConfiguration update = r.updateKinesisStreamingConfiguration();
        if (update == null || update.approximateCreationDateTimePrecision() == null) {
            throw DynamoDbErrors.validation("Invalid Request: UpdateKinesisStreamingConfiguration must have at least one "
                    + "attribute: ApproximateCreationDateTimePrecision");
        }
        String precision = update.approximateCreationDateTimePrecisionAsString();
        tx.executeWithoutResult(s -> {
            tables.lock(t.id());
            DestinationStore.Destination d = destinations.find(t.id(), r.streamArn())
                    .filter(x -> x.status().equals("ACTIVE")).orElseThrow(() ->
                            DynamoDbErrors.validation("Table is not in a valid state to update Kinesis Streaming Destination:"
                                    + "UpdateKinesisStreamingDestination must be ACTIVE to perform UPDATE operation."));
            if (Objects.equals(d.precision(), precision)) {
                throw DynamoDbErrors.validation("Invalid Request: Precision is already set to the desired value of "
                        + precision + " for this Kinesis data stream destination.");
            }
            destinations.status(t.id(), r.streamArn(), "UPDATING", null, precision, clock.now());
        });
        return UpdateKinesisStreamingDestinationResponse.builder().tableName(t.name()).streamArn(r.streamArn())
                .destinationStatus(DestinationStatus.UPDATING).updateKinesisStreamingConfiguration(update).build();
    }

    public DescribeKinesisStreamingDestinationResponse describeKinesisStreamingDestination(
            RequestContext ctx, DescribeKinesisStreamingDestinationRequest r) {
        TableDef t = tables.describe(ctx, r.tableName());
        return DescribeKinesisStreamingDestinationResponse.builder().tableName(t.name())
                .kinesisDataStreamDestinations(destinations.of(t.id()).stream().map(d -> KinesisDataStreamDestination.builder()
                        .streamArn(d.streamArn()).destinationStatus(d.status())
                        .destinationStatusDescription(d.statusDescription())
                        .approximateCreationDateTimePrecision(d.precision()).build()).toList())
                .build();
    }
}
