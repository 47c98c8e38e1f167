package dev.overcast.dynamodb.export;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.error.AwsException;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.backup.ContinuousBackupsApi;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.table.TableStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.services.dynamodb.model.*;

/**
 * Exports to S3: ExportTableToPointInTime (a full export of the table as of a time in its point-in-time recovery
 * window, or an incremental export of the changes in a period of it; DYNAMODB_JSON or ION), DescribeExport and
 * ListExports. The request records the export IN_PROGRESS; {@link ExportJob} writes the files and completes it.
 */
@AwsApi(api = "dynamodb")
public class ExportApi {

    static final String TABLE = "table_export";
    private static final Duration TOKEN_WINDOW = Duration.ofHours(8);
    private static final Duration MAX_INCREMENTAL = Duration.ofHours(24);

    private final TableStore tables;
    private final ContinuousBackupsApi pitr;
    private final JobStore<ExportDescription> exports;
    private final ExportJob job;
    private final SuiteClock clock;
    private final Duration minIncremental;

    public ExportApi(TableStore tables, ContinuousBackupsApi pitr, JdbcClient jdbc, ExportJob job, SuiteClock clock,
                     @Value("${overcast.dynamodb.incremental-export-min-period:15m}") Duration minIncremental) {
        this.tables = tables;
        this.pitr = pitr;
        this.exports = new JobStore<>(jdbc, TABLE, ExportDescription.class);
        this.job = job;
        this.clock = clock;
        this.minIncremental = minIncremental;
    }

    public ExportTableToPointInTimeResponse exportTableToPointInTime(RequestContext ctx, ExportTableToPointInTimeRequest r) {
        TableDef table = tables.findByArn(ctx, r.tableArn())
                .orElseThrow(() -> new AwsException("TableNotFoundException", 400, "Table not found: " + r.tableArn()));
        String token = r.clientToken() != null ? r.clientToken() : UUID.randomUUID().toString();
        String fingerprint = ModelJson.write(r.toBuilder().clientToken(null).build());
        var earlier = exports.byToken(ctx.account(), ctx.region(), token, clock.now().minus(TOKEN_WINDOW));
        if (earlier.isPresent()) {
            if (!earlier.get().fingerprint().equals(fingerprint)) {
                throw new AwsException("ExportConflictException", 400, "Export with the same client token "
                        + token + " but different parameters already exists: " + earlier.get().arn());
            }
            return ExportTableToPointInTimeResponse.builder().exportDescription(earlier.get().description()).build();
        }
        Instant[] window = pitr.restorableWindow(table.id());
        if (window == null) {
            throw new AwsException("PointInTimeRecoveryUnavailableException", 400,
                    "Point in time recovery is not enabled for table '" + table.name() + "'");
        }
        ExportType type = r.exportType() == null ? ExportType.FULL_EXPORT : r.exportType();
        Instant now = Instant.now();
        ExportDescription.Builder d = ExportDescription.builder()
                .exportStatus(ExportStatus.IN_PROGRESS).startTime(clock.now().truncatedTo(ChronoUnit.MILLIS))
                .tableArn(table.arn()).tableId(table.description().tableId()).clientToken(token)
                .s3Bucket(r.s3Bucket()).s3BucketOwner(r.s3BucketOwner() != null ? r.s3BucketOwner() : ctx.account())
                .s3Prefix(r.s3Prefix())
                .s3SseAlgorithm(r.s3SseAlgorithm() == null ? S3SseAlgorithm.AES256 : r.s3SseAlgorithm())
                .s3SseKmsKeyId(r.s3SseKmsKeyId())
                .exportFormat(r.exportFormat() == null ? ExportFormat.DYNAMODB_JSON : r.exportFormat())
                .exportType(type);
        if (type == ExportType.FULL_EXPORT) {
            if (r.incrementalExportSpecification() != null) {
                throw DynamoDbErrors.validation("IncrementalExportSpecification can only be specified for INCREMENTAL_EXPORT");
            }
            Instant at = r.exportTime() != null ? r.exportTime() : now;
            if (at.isBefore(window[0]) || at.isAfter(now)) {
                throw new AwsException("InvalidExportTimeException", 400, "Export time must be within the point in time "
                        + "recovery window: EarliestRestorableDateTime " + window[0] + ", ExportTime " + at);
            }
            d.exportTime(at);
        } else {
            d.incrementalExportSpecification(incremental(r, window, now));
        }
        String arn = table.arn() + "/export/" + JobStore.newId(now);
        ExportDescription description = d.exportArn(arn)
                .exportManifest(ExportJob.base(r.s3Prefix(), arn) + "manifest-summary.json").build();
        exports.insert(arn, ctx.account(), ctx.region(), table.arn(), ExportStatus.IN_PROGRESS.toString(), token, fingerprint,
                description, clock.now());
        job.runSoon();
        return ExportTableToPointInTimeResponse.builder().exportDescription(description).build();
    }

    private IncrementalExportSpecification incremental(ExportTableToPointInTimeRequest r, Instant[] window, Instant now) {
        if (r.exportTime() != null) {
            throw DynamoDbErrors.validation("ExportTime cannot be specified for INCREMENTAL_EXPORT, use IncrementalExportSpecification");
        }
        IncrementalExportSpecification spec = r.incrementalExportSpecification();
        if (spec == null || spec.exportFromTime() == null) {
            throw DynamoDbErrors.validation("IncrementalExportSpecification with ExportFromTime must be specified for INCREMENTAL_EXPORT");
        }
        Instant from = spec.exportFromTime();
        Instant to = spec.exportToTime() != null ? spec.exportToTime() : window[1];
        if (!from.isBefore(to)) {
            throw DynamoDbErrors.validation("ExportFromTime must be before ExportToTime");
        }
        if (from.isBefore(window[0]) || to.isAfter(now)) {
            throw new AwsException("InvalidExportTimeException", 400, "Incremental export period must be within the point in "
                    + "time recovery window: EarliestRestorableDateTime " + window[0] + ", ExportFromTime " + from
                    + ", ExportToTime " + to);
        }
        Duration period = Duration.between(from, to);
        if (period.compareTo(minIncremental) < 0) {
            throw DynamoDbErrors.validation("Duration between ExportFromTime and ExportToTime must be at least "
                    + minIncremental.toMinutes() + " minutes");
        }
        if (period.compareTo(MAX_INCREMENTAL) > 0) {
            throw DynamoDbErrors.validation("Duration between ExportFromTime and ExportToTime must not exceed 24 hours");
        }
        return spec.toBuilder().exportToTime(to)
                .exportViewType(spec.exportViewType() == null ? ExportViewType.NEW_AND_OLD_IMAGES : spec.exportViewType()).build();
    }

    public DescribeExportResponse describeExport(RequestContext ctx, DescribeExportRequest r) {
        ExportDescription d = exports.find(ctx.account(), ctx.region(), r.exportArn()).map(JobStore.Row::description)
                .orElseThrow(() -> new AwsException("ExportNotFoundException", 400, "Export not found: " + r.exportArn()));
        return DescribeExportResponse.builder().exportDescription(d).build();
    }

    public ListExportsResponse listExports(RequestContext ctx, ListExportsRequest r) {
        int limit = r.maxResults() == null ? 25 : r.maxResults();
        List<JobStore.Row<ExportDescription>> rows = exports.page(ctx.account(), ctx.region(), r.tableArn(), r.nextToken(), limit + 1);
        ListExportsResponse.Builder b = ListExportsResponse.builder().exportSummaries(rows.stream().limit(limit)
                .map(x -> ExportSummary.builder().exportArn(x.arn()).exportStatus(x.description().exportStatus())
                        .exportType(x.description().exportType()).build()).toList());
        if (rows.size() > limit) {
            b.nextToken(rows.get(limit - 1).arn());
        }
        return b.build();
    }
}
