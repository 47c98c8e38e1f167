package dev.overcast.flink.version;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RawJsonResponse;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.flink.FlinkErrors;
import dev.overcast.flink.Page;
import dev.overcast.flink.application.Application;
import dev.overcast.flink.application.ApplicationApi;
import dev.overcast.flink.application.ApplicationStore;
import dev.overcast.flink.application.OperationStore;
import dev.overcast.flink.application.Runs;
import dev.overcast.flink.application.SystemRollback;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.*;

/** Application versions: ListApplicationVersions, DescribeApplicationVersion, RollbackApplication. */
@AwsApi(api = "flink")
public class VersionApi {

    private final ApplicationStore applications;
    private final OperationStore operations;
    private final Runs runs;
    private final TransactionTemplate tx;
    private final SuiteClock clock;

    public VersionApi(ApplicationStore applications, OperationStore operations, Runs runs, TransactionTemplate tx, SuiteClock clock) {
        this.applications = applications;
        this.operations = operations;
        this.runs = runs;
        this.tx = tx;
        this.clock = clock;
    }

    /** Newest first, Limit (default 50) at a time. */
    public ListApplicationVersionsResponse listApplicationVersions(RequestContext ctx, ListApplicationVersionsRequest r) {
        Application app = applications.require(ctx, r.applicationName());
        Page<ApplicationStore.VersionRow> page = Page.of(applications.versions(app.id()), r.limit(), r.nextToken());
        return ListApplicationVersionsResponse.builder().applicationVersionSummaries(page.items().stream()
                        .map(v -> ApplicationVersionSummary.builder().applicationVersionId(v.versionId())
                                .applicationStatus(v.status()).build()).toList())
                .nextToken(page.nextToken()).build();
    }

    public DescribeApplicationVersionResponse describeApplicationVersion(RequestContext ctx, DescribeApplicationVersionRequest r) {
        Application app = applications.require(ctx, r.applicationName());
        ApplicationDetail d = applications.version(app.id(), r.applicationVersionId()).orElseThrow(() -> FlinkErrors.resourceNotFound(
                "Application version " + r.applicationVersionId() + " does not exist for application " + app.name()));
        return DescribeApplicationVersionResponse.builder().applicationVersionDetail(d).build();
    }

    /**
     * RollbackApplication: back to the previous version (as a new version, RolledBackFrom/RolledBackTo set); a RUNNING or
     * UPDATING application restarts with it.
     */
    public RawJsonResponse<RollbackApplicationResponse> rollbackApplication(RequestContext ctx, RollbackApplicationRequest r) {
        String[] operation = {null};
        Application rolled = tx.execute(s -> {
            Application app = applications.lock(ctx, r.applicationName());
            ApplicationApi.checkVersion(app, r.currentApplicationVersionId(), null);
            if (!"RUNNING".equals(app.status()) && !"UPDATING".equals(app.status()) && !"AUTOSCALING".equals(app.status())) {
                throw FlinkErrors.wrongStatus(app.name(), app.status(),
                        "Application can be rolled back only in RUNNING, UPDATING or AUTOSCALING status.");
            }
            Application back = applications.rollBack(app, clock.now());
            operation[0] = operations.begin(app.id(), "RollbackApplication", clock.now(), app.versionId(), back.versionId());
            return back;
        });
        runs.restart(rolled, operation[0]);
        return SystemRollback.respond(ctx, RollbackApplicationResponse.builder().applicationDetail(rolled.describe()).build(),
                rolled, operation[0]);
    }
}
