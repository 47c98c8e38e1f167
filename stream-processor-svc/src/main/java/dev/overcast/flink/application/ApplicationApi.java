package dev.overcast.flink.application;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RawJsonResponse;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.flink.FlinkErrors;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.*;

/**
 * Applications: CreateApplication, DescribeApplication, ListApplications, UpdateApplication, DeleteApplication.
 * Every change of the configuration is a new application version, checked against CurrentApplicationVersionId.
 */
@AwsApi(api = "flink")
public class ApplicationApi {

    private final ApplicationStore applications;
    private final ApplicationTags tags;
    private final OperationStore operations;
    private final Runs runs;
    private final TransactionTemplate tx;
    private final SuiteClock clock;

    public ApplicationApi(ApplicationStore applications, ApplicationTags tags, OperationStore operations, Runs runs,
                          TransactionTemplate tx, SuiteClock clock) {
        this.applications = applications;
        this.tags = tags;
        this.operations = operations;
        this.runs = runs;
        this.tx = tx;
        this.clock = clock;
    }

    public RawJsonResponse<CreateApplicationResponse> createApplication(RequestContext ctx, CreateApplicationRequest r) {
        Configurations.checkRuntime(r.runtimeEnvironmentAsString());
        boolean systemRollback = SystemRollback.onCreate().orElse(false);
        if (r.applicationModeAsString() != null && !"STREAMING".equals(r.applicationModeAsString())) {
            throw FlinkErrors.invalidArgument("ApplicationMode " + r.applicationModeAsString() + " is only valid for Zeppelin applications");
        }
        if (r.hasCloudWatchLoggingOptions() && r.cloudWatchLoggingOptions().size() > 1) {
            throw FlinkErrors.invalidArgument("An application can have at most one CloudWatch logging option");
        }
        ApplicationTags.check(r.tags());
        Instant now = clock.now();
        String arn = "arn:aws:kinesisanalytics:" + ctx.region() + ":" + ctx.account() + ":application/" + r.applicationName();
        ApplicationDetail.Builder d = ApplicationDetail.builder().applicationARN(arn).applicationName(r.applicationName())
                .applicationDescription(r.applicationDescription() == null ? "" : r.applicationDescription())
                .runtimeEnvironment(r.runtimeEnvironmentAsString()).serviceExecutionRole(r.serviceExecutionRole())
                .applicationStatus(ApplicationStatus.READY).applicationVersionId(1L).createTimestamp(now).lastUpdateTimestamp(now)
                .applicationMode("STREAMING")
                .applicationConfigurationDescription(Configurations.describe(r.applicationConfiguration()))
                .applicationMaintenanceConfigurationDescription(ApplicationMaintenanceConfigurationDescription.builder()
                        .applicationMaintenanceWindowStartTime("06:00").applicationMaintenanceWindowEndTime("14:00").build());
        if (r.hasCloudWatchLoggingOptions()) {
            d.cloudWatchLoggingOptionDescriptions(r.cloudWatchLoggingOptions().stream()
                    .map(o -> Logging.describe(o, 1)).toList());
        }
        ApplicationDetail detail = d.build();
        Application created = tx.execute(s -> {
            if (!applications.insert(ctx.account(), ctx.region(), detail, now)) {
                throw FlinkErrors.resourceInUse("Application " + r.applicationName() + " already exists");
            }
            Application app = applications.find(ctx.account(), ctx.region(), r.applicationName()).orElseThrow();
            if (r.hasTags()) {
                tags.put(app.id(), r.tags().stream().collect(java.util.stream.Collectors.toMap(Tag::key,
                        t -> t.value() == null ? "" : t.value())));
            }
            applications.setSystemRollback(app.id(), systemRollback);
            return applications.byId(app.id()).orElseThrow();
        });
        return SystemRollback.respond(ctx, CreateApplicationResponse.builder().applicationDetail(detail).build(), created, null);
    }

    /** The description, with ApplicationSystemRollbackConfigurationDescription (newer than the served SDK model). */
    public RawJsonResponse<DescribeApplicationResponse> describeApplication(RequestContext ctx, DescribeApplicationRequest r) {
        Application app = applications.require(ctx, r.applicationName());
        return SystemRollback.respond(ctx, DescribeApplicationResponse.builder().applicationDetail(app.describe()).build(), app, null);
    }

    /** Summaries in name order, Limit (default 50) at a time, NextToken the last name returned. */
    public ListApplicationsResponse listApplications(RequestContext ctx, ListApplicationsRequest r) {
        int limit = r.limit() == null ? 50 : r.limit();
        List<Application> all = applications.list(ctx.account(), ctx.region()).stream()
                .filter(a -> r.nextToken() == null || a.name().compareTo(r.nextToken()) > 0).toList();
        List<Application> page = all.subList(0, Math.min(limit, all.size()));
        return ListApplicationsResponse.builder().applicationSummaries(page.stream().map(a -> ApplicationSummary.builder()
                        .applicationName(a.name()).applicationARN(a.arn()).applicationStatus(a.status())
                        .applicationVersionId(a.versionId()).runtimeEnvironment(a.detail().runtimeEnvironmentAsString())
                        .applicationMode(a.detail().applicationModeAsString()).build()).toList())
                .nextToken(all.size() > limit ? page.get(page.size() - 1).name() : null).build();
    }

    /** DeleteApplication: CreateTimestamp must be the application's; a running application is stopped first. */
    public DeleteApplicationResponse deleteApplication(RequestContext ctx, DeleteApplicationRequest r) {
        Application app = applications.require(ctx, r.applicationName());
        if (!app.created().equals(r.createTimestamp()) && app.created().getEpochSecond() != r.createTimestamp().getEpochSecond()) {
            throw FlinkErrors.invalidArgument("Provided create timestamp " + r.createTimestamp()
                    + " does not match the application's create timestamp " + app.created());
        }
        if (Runs.TRANSIENT.contains(app.status()) || "DELETING".equals(app.status())) {
            throw FlinkErrors.wrongStatus(app.name(), app.status(), "Application cannot be deleted now.");
        }
        runs.delete(app);
        return DeleteApplicationResponse.builder().build();
    }

    /**
     * UpdateApplication: a new version of the configuration. A RUNNING application goes UPDATING and restarts with it,
     * from a snapshot taken first when snapshots are enabled (as AWS does), back to RUNNING.
     */
    public RawJsonResponse<UpdateApplicationResponse> updateApplication(RequestContext ctx, UpdateApplicationRequest r) {
        Optional<Boolean> systemRollback = SystemRollback.onUpdate();
        String[] operation = {null};
        if (r.currentApplicationVersionId() == null && r.conditionalToken() == null) {
            throw FlinkErrors.invalidArgument("Either CurrentApplicationVersionId or ConditionalToken must be provided");
        }
        if (r.hasCloudWatchLoggingOptionUpdates() && !r.cloudWatchLoggingOptionUpdates().isEmpty()) {
            Application cur = applications.require(ctx, r.applicationName());
            var known = cur.detail().cloudWatchLoggingOptionDescriptions().stream()
                    .map(CloudWatchLoggingOptionDescription::cloudWatchLoggingOptionId).toList();
            r.cloudWatchLoggingOptionUpdates().stream().filter(u -> !known.contains(u.cloudWatchLoggingOptionId())).findFirst()
                    .ifPresent(u -> {
                        throw FlinkErrors.invalidArgument("CloudWatch logging option " + u.cloudWatchLoggingOptionId() + " does not exist");
                    });
        }
        boolean[] restart = {false};
        Application updated = tx.execute(s -> {
            Application app = applications.lock(ctx, r.applicationName());
            checkVersion(app, r.currentApplicationVersionId(), r.conditionalToken());
            if (!"READY".equals(app.status()) && !"RUNNING".equals(app.status())) {
                throw FlinkErrors.wrongStatus(app.name(), app.status(), "Application must be in READY or RUNNING status to be updated.");
            }
            ApplicationDetail d = app.describe();
            ApplicationDetail.Builder b = d.toBuilder()
                    .applicationConfigurationDescription(Configurations.update(d.applicationConfigurationDescription(), r.applicationConfigurationUpdate()))
                    .applicationVersionUpdatedFrom(app.versionId()).applicationVersionRolledBackFrom((Long) null)
                    .applicationVersionRolledBackTo((Long) null);
            if (r.serviceExecutionRoleUpdate() != null) {
                b.serviceExecutionRole(r.serviceExecutionRoleUpdate());
            }
            if (r.runConfigurationUpdate() != null) {
                b.applicationConfigurationDescription(Runs.withRunConfiguration(b.build().applicationConfigurationDescription(),
                        r.runConfigurationUpdate().applicationRestoreConfiguration(), r.runConfigurationUpdate().flinkRunConfiguration()));
            }
            if (r.hasCloudWatchLoggingOptionUpdates()) {
                b.cloudWatchLoggingOptionDescriptions(Logging.update(d.cloudWatchLoggingOptionDescriptions(), r.cloudWatchLoggingOptionUpdates()));
            }
            systemRollback.ifPresent(enabled -> applications.setSystemRollback(app.id(), enabled));
            operation[0] = operations.begin(app.id(), "UpdateApplication", clock.now(), app.versionId(), app.versionId() + 1);
            restart[0] = "RUNNING".equals(app.status());
            if (!restart[0]) {
                operations.succeed(app.id(), operation[0], clock.now());
            } else {
                applications.setStatus(app.id(), "UPDATING", clock.now());
            }
            return applications.newVersion(applications.byId(app.id()).orElseThrow(), b.build(), clock.now());
        });
        if (restart[0]) {
            runs.restart(updated, operation[0]);
        }
        return SystemRollback.respond(ctx, UpdateApplicationResponse.builder().applicationDetail(updated.describe()).build(),
                updated, operation[0]);
    }

    /** CurrentApplicationVersionId (or the ConditionalToken a description carries) must name the current version. */
    public static void checkVersion(Application app, Long given, String token) {
        if (given != null && given != app.versionId()) {
            throw FlinkErrors.versionMismatch(given, app.versionId());
        }
        if (given == null && token != null && !token.equals(app.conditionalToken())) {
            throw FlinkErrors.concurrentModification("The provided conditional token " + token
                    + " does not match the current conditional token of application " + app.name());
        }
    }
}
