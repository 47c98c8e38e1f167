package dev.overcast.dynamodb.imports;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.error.AwsException;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.dynamodb.DynamoDbErrors;
import dev.overcast.dynamodb.export.JobStore;
import dev.overcast.dynamodb.table.TableApi;
import dev.overcast.dynamodb.table.TableStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.dynamodb.model.*;

/**
 * Imports from S3 into a new table: ImportTable (CSV, DYNAMODB_JSON or ION files under a key prefix, GZIP, ZSTD or
 * uncompressed; the table created at once with its GSIs, CREATING until the import ends), DescribeImport and
 * ListImports. The request creates the table and records the import IN_PROGRESS; {@link ImportJob} reads the files.
 */
@AwsApi(api = "dynamodb")
public class ImportApi {

    static final String TABLE = "table_import";
    /** Where an import's errors would be logged in CloudWatch Logs (the log itself goes to S3, see {@link ImportJob}). */
    static final String LOG_GROUP = "/aws-dynamodb/imports";
    /** Far ahead: the imported table stays CREATING until the import job sets the time it became ACTIVE. */
    static final Instant IMPORTING = Instant.parse("9999-01-01T00:00:00Z");
    private static final Duration TOKEN_WINDOW = Duration.ofHours(8);

    private final TableApi tableApi;
    private final TableStore tables;
    private final JobStore<ImportTableDescription> imports;
    private final ImportJob job;
    private final TransactionTemplate tx;
    private final SuiteClock clock;

    public ImportApi(TableApi tableApi, TableStore tables, JdbcClient jdbc, ImportJob job, TransactionTemplate tx,
                     SuiteClock clock) {
        this.tableApi = tableApi;
        this.tables = tables;
        this.imports = new JobStore<>(jdbc, TABLE, ImportTableDescription.class);
        this.job = job;
        this.tx = tx;
        this.clock = clock;
    }

    public ImportTableResponse importTable(RequestContext ctx, ImportTableRequest r) {
        String token = r.clientToken() != null ? r.clientToken() : UUID.randomUUID().toString();
        String fingerprint = ModelJson.write(r.toBuilder().clientToken(null).build());
        var earlier = imports.byToken(ctx.account(), ctx.region(), token, clock.now().minus(TOKEN_WINDOW));
        if (earlier.isPresent()) {
            if (!earlier.get().fingerprint().equals(fingerprint)) {
                throw DynamoDbErrors.idempotentParameterMismatch();
            }
            return ImportTableResponse.builder().importTableDescription(earlier.get().description()).build();
        }
        if (r.inputFormatOptions() != null && r.inputFormatOptions().csv() != null && r.inputFormat() != InputFormat.CSV) {
            throw DynamoDbErrors.validation("InputFormatOptions can only be specified when InputFormat is CSV");
        }
        TableCreationParameters p = r.tableCreationParameters();
        CreateTableRequest create = CreateTableRequest.builder().tableName(p.tableName())
                .attributeDefinitions(p.attributeDefinitions()).keySchema(p.keySchema()).billingMode(p.billingMode())
                .provisionedThroughput(p.provisionedThroughput()).onDemandThroughput(p.onDemandThroughput())
                .sseSpecification(p.sseSpecification())
                .globalSecondaryIndexes(p.hasGlobalSecondaryIndexes() ? p.globalSecondaryIndexes() : null).build();
        Instant now = clock.now().truncatedTo(ChronoUnit.MILLIS);
        ImportTableDescription description = tx.execute(s -> {
            TableDescription table = tableApi.createTable(ctx, create).tableDescription();
            tables.setReadyAt(ctx.account(), ctx.region(), p.tableName(), IMPORTING);
            String arn = table.tableArn() + "/import/" + JobStore.newId(Instant.now());
            ImportTableDescription d = ImportTableDescription.builder().importArn(arn)
                    .importStatus(ImportStatus.IN_PROGRESS).tableArn(table.tableArn()).tableId(table.tableId())
                    .clientToken(token).s3BucketSource(r.s3BucketSource())
                    .errorCount(0L).cloudWatchLogGroupArn("arn:aws:logs:" + ctx.region() + ":" + ctx.account()
                            + ":log-group:" + LOG_GROUP + ":*")
                    .inputFormat(r.inputFormat()).inputFormatOptions(r.inputFormatOptions())
                    .inputCompressionType(r.inputCompressionType() == null ? InputCompressionType.NONE : r.inputCompressionType())
                    .tableCreationParameters(p).startTime(now)
                    .processedSizeBytes(0L).processedItemCount(0L).importedItemCount(0L).build();
            imports.insert(arn, ctx.account(), ctx.region(), table.tableArn(), ImportStatus.IN_PROGRESS.toString(), token,
                    fingerprint, d, now);
            return d;
        });
        job.runSoon();
        return ImportTableResponse.builder().importTableDescription(description).build();
    }

    public DescribeImportResponse describeImport(RequestContext ctx, DescribeImportRequest r) {
        ImportTableDescription d = imports.find(ctx.account(), ctx.region(), r.importArn()).map(JobStore.Row::description)
                .orElseThrow(() -> new AwsException("ImportNotFoundException", 400, "Import not found: " + r.importArn()));
        return DescribeImportResponse.builder().importTableDescription(d).build();
    }

    public ListImportsResponse listImports(RequestContext ctx, ListImportsRequest r) {
        int limit = r.pageSize() == null ? 25 : r.pageSize();
        List<JobStore.Row<ImportTableDescription>> rows = imports.page(ctx.account(), ctx.region(), r.tableArn(),
                r.nextToken(), limit + 1);
        ListImportsResponse.Builder b = ListImportsResponse.builder().importSummaryList(rows.stream().limit(limit)
                .map(x -> {
                    ImportTableDescription d = x.description();
                    return ImportSummary.builder().importArn(d.importArn()).importStatus(d.importStatus())
                            .tableArn(d.tableArn()).s3BucketSource(d.s3BucketSource())
                            .cloudWatchLogGroupArn(d.cloudWatchLogGroupArn()).inputFormat(d.inputFormat())
                            .startTime(d.startTime()).endTime(d.endTime()).build();
                }).toList());
        if (rows.size() > limit) {
            b.nextToken(rows.get(limit - 1).arn());
        }
        return b.build();
    }
}
