package dev.overcast.flink.version;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.flink.FlinkErrors;
import dev.overcast.flink.application.Application;
import dev.overcast.flink.application.ApplicationApi;
import dev.overcast.flink.application.ApplicationStore;
import dev.overcast.flink.application.Runs;
import java.util.List;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.*;

/** Application versions: ListApplicationVersions, DescribeApplicationVersion, RollbackApplication. */
@AwsApi(api = "flink")
public class VersionApi {

    private final ApplicationStore applications;
    private final Runs runs;
    private final TransactionTemplate tx;
    private final SuiteClock clock;

    public VersionApi(ApplicationStore applications, Runs runs, TransactionTemplate tx, SuiteClock clock) {
        this.applications = applications;
        this.runs = runs;
        this.tx = tx;
        this.clock = clock;
    }

    /** Newest first, Limit (default 50) at a time. */
    public ListApplicationVersionsResponse listApplicationVersions(RequestContext ctx, ListApplicationVersionsRequest r) {
        Application app = applications.require(ctx, r.applicationName());
        int limit = r.limit() == null ? 50 : r.limit();
        int from = r.nextToken() == null ? 0 : Integer.parseInt(r.nextToken());
        List<ApplicationStore.VersionRow> all = applications.versions(app.id());
        var page = all.subList(Math.min(from, all.size()), Math.min(from + limit, all.size()));
        return ListApplicationVersionsResponse.builder().applicationVersionSummaries(page.stream()
                        .map(v -> ApplicationVersionSummary.builder().applicationVersionId(v.versionId())
                                .applicationStatus(v.status()).build()).toList())
                .nextToken(from + limit < all.size() ? Integer.toString(from + limit) : null).build();
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
    public RollbackApplicationResponse rollbackApplication(RequestContext ctx, RollbackApplicationRequest r) {
        Application rolled = tx.execute(s -> {
            Application app = applications.lock(ctx, r.applicationName());
            ApplicationApi.checkVersion(app, r.currentApplicationVersionId(), null);
            if (!"RUNNING".equals(app.status()) && !"UPDATING".equals(app.status()) && !"AUTOSCALING".equals(app.status())) {
                throw FlinkErrors.wrongStatus(app.name(), app.status(),
                        "Application can be rolled back only in RUNNING, UPDATING or AUTOSCALING status.");
            }
            if (app.versionId() < 2) {
                throw FlinkErrors.invalidArgument("Application " + app.name() + " has no previous version to roll back to");
            }
            long target = app.versionId() - 1;
            ApplicationDetail previous = applications.version(app.id(), target).orElseThrow();
            ApplicationDetail d = app.describe().toBuilder()
                    .applicationConfigurationDescription(previous.applicationConfigurationDescription())
                    .serviceExecutionRole(previous.serviceExecutionRole())
                    .cloudWatchLoggingOptionDescriptions(previous.cloudWatchLoggingOptionDescriptions())
                    .applicationVersionUpdatedFrom((Long) null)
                    .applicationVersionRolledBackFrom(app.versionId()).applicationVersionRolledBackTo(target).build();
            applications.setStatus(app.id(), "ROLLING_BACK", clock.now());
            return applications.newVersion(applications.byId(app.id()).orElseThrow(), d, clock.now());
        });
        runs.restart(rolled);
        return RollbackApplicationResponse.builder().applicationDetail(rolled.describe()).build();
    }
}
