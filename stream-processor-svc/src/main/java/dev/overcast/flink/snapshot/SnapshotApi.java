package dev.overcast.flink.snapshot;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.flink.FlinkErrors;
import dev.overcast.flink.Page;
import dev.overcast.flink.application.Application;
import dev.overcast.flink.application.ApplicationStore;
import dev.overcast.flink.application.Runs;
import dev.overcast.flink.application.SnapshotStore;
import dev.overcast.flink.storage.SuiteS3;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.*;

/**
 * Snapshots (Flink savepoints kept in the suite's S3): CreateApplicationSnapshot, ListApplicationSnapshots,
 * DescribeApplicationSnapshot, DeleteApplicationSnapshot.
 */
@AwsApi(api = "flink")
public class SnapshotApi {

    private final ApplicationStore applications;
    private final SnapshotStore snapshots;
    private final Runs runs;
    private final SuiteS3 s3;
    private final SuiteClock clock;

    public SnapshotApi(ApplicationStore applications, SnapshotStore snapshots, Runs runs, SuiteS3 s3, SuiteClock clock) {
        this.applications = applications;
        this.snapshots = snapshots;
        this.runs = runs;
        this.s3 = s3;
        this.clock = clock;
    }

    /** Only a RUNNING application with snapshots enabled; the snapshot is CREATING until its savepoint is in S3. */
    public CreateApplicationSnapshotResponse createApplicationSnapshot(RequestContext ctx, CreateApplicationSnapshotRequest r) {
        Application app = applications.require(ctx, r.applicationName());
        if (!app.snapshotsEnabled()) {
            throw FlinkErrors.invalidConfiguration("Snapshots are disabled for application " + app.name()
                    + ". Enable snapshots to create a snapshot.");
        }
        if (!"RUNNING".equals(app.status())) {
            throw FlinkErrors.wrongStatus(app.name(), app.status(), "Application must be in RUNNING status to create a snapshot.");
        }
        if (!snapshots.insert(app.id(), r.snapshotName(), app.versionId(), clock.now(), Runs.snapshotPrefix(app, r.snapshotName()))) {
            throw FlinkErrors.invalidArgument("Snapshot " + r.snapshotName() + " already exists for application " + app.name());
        }
        runs.snapshot(app, r.snapshotName(), Runs.snapshotPrefix(app, r.snapshotName()));
        return CreateApplicationSnapshotResponse.builder().build();
    }

    public ListApplicationSnapshotsResponse listApplicationSnapshots(RequestContext ctx, ListApplicationSnapshotsRequest r) {
        Application app = applications.require(ctx, r.applicationName());
        Page<SnapshotStore.Snapshot> page = Page.of(snapshots.list(app.id()), r.limit(), r.nextToken());
        return ListApplicationSnapshotsResponse.builder().snapshotSummaries(page.items().stream().map(SnapshotApi::details).toList())
                .nextToken(page.nextToken()).build();
    }

    public DescribeApplicationSnapshotResponse describeApplicationSnapshot(RequestContext ctx, DescribeApplicationSnapshotRequest r) {
        Application app = applications.require(ctx, r.applicationName());
        return DescribeApplicationSnapshotResponse.builder().snapshotDetails(details(require(app, r.snapshotName()))).build();
    }

    /** SnapshotCreationTimestamp must be the snapshot's; its savepoint's objects are removed from S3. */
    public DeleteApplicationSnapshotResponse deleteApplicationSnapshot(RequestContext ctx, DeleteApplicationSnapshotRequest r) {
        Application app = applications.require(ctx, r.applicationName());
        SnapshotStore.Snapshot s = require(app, r.snapshotName());
        if (s.created().getEpochSecond() != r.snapshotCreationTimestamp().getEpochSecond()) {
            throw FlinkErrors.invalidArgument("Provided snapshot creation timestamp does not match the creation timestamp of snapshot "
                    + s.name());
        }
        if ("CREATING".equals(s.status())) {
            throw FlinkErrors.resourceInUse("Snapshot " + s.name() + " is in CREATING status and cannot be deleted");
        }
        snapshots.setStatus(app.id(), s.name(), "DELETING");
        s3.delete(app.account(), app.region(), s.s3Prefix());
        snapshots.delete(app.id(), s.name());
        return DeleteApplicationSnapshotResponse.builder().build();
    }

    private SnapshotStore.Snapshot require(Application app, String name) {
        return snapshots.find(app.id(), name).orElseThrow(() -> FlinkErrors.resourceNotFound(
                "Snapshot " + name + " does not exist for application " + app.name()));
    }

    private static SnapshotDetails details(SnapshotStore.Snapshot s) {
        return SnapshotDetails.builder().snapshotName(s.name()).snapshotStatus(s.status()).applicationVersionId(s.versionId())
                .snapshotCreationTimestamp(s.created()).build();
    }
}
