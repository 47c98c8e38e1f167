package dev.overcast.flink.option;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RawJsonResponse;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.flink.FlinkErrors;
import dev.overcast.flink.application.Application;
import dev.overcast.flink.application.ApplicationApi;
import dev.overcast.flink.application.ApplicationStore;
import dev.overcast.flink.application.Configurations;
import dev.overcast.flink.application.Logging;
import dev.overcast.flink.application.OperationStore;
import dev.overcast.flink.application.Runs;
import dev.overcast.flink.application.SystemRollback;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.*;

/**
 * An application's options beside its configuration: CloudWatch logging options and VPC configurations (recorded and
 * reported; each change a new version and an operation), the maintenance window, and CreateApplicationPresignedUrl (the running
 * cluster's real Flink dashboard).
 */
@AwsApi(api = "flink")
public class OptionApi {

    private final ApplicationStore applications;
    private final OperationStore operations;
    private final Runs runs;
    private final TransactionTemplate tx;
    private final SuiteClock clock;

    public OptionApi(ApplicationStore applications, OperationStore operations, Runs runs, TransactionTemplate tx, SuiteClock clock) {
        this.applications = applications;
        this.operations = operations;
        this.runs = runs;
        this.tx = tx;
        this.clock = clock;
    }

    public RawJsonResponse<AddApplicationCloudWatchLoggingOptionResponse> addApplicationCloudWatchLoggingOption(
            RequestContext ctx, AddApplicationCloudWatchLoggingOptionRequest r) {
        Changed changed = change(ctx, "AddApplicationCloudWatchLoggingOption", r.applicationName(),
                r.currentApplicationVersionId(), r.conditionalToken(), d -> {
            if (!d.cloudWatchLoggingOptionDescriptions().isEmpty()) {
                throw FlinkErrors.invalidArgument("An application can have at most one CloudWatch logging option");
            }
            return d.toBuilder().cloudWatchLoggingOptionDescriptions(
                    Logging.describe(r.cloudWatchLoggingOption(), d.applicationVersionId() + 1)).build();
        });
        Application app = changed.app();
        return changed.respond(ctx, AddApplicationCloudWatchLoggingOptionResponse.builder().applicationARN(app.arn())
                .applicationVersionId(app.versionId())
                .cloudWatchLoggingOptionDescriptions(app.detail().cloudWatchLoggingOptionDescriptions()).build());
    }

    public RawJsonResponse<DeleteApplicationCloudWatchLoggingOptionResponse> deleteApplicationCloudWatchLoggingOption(
            RequestContext ctx, DeleteApplicationCloudWatchLoggingOptionRequest r) {
        Changed changed = change(ctx, "DeleteApplicationCloudWatchLoggingOption", r.applicationName(),
                r.currentApplicationVersionId(), r.conditionalToken(), d -> {
            List<CloudWatchLoggingOptionDescription> left = new ArrayList<>(d.cloudWatchLoggingOptionDescriptions());
            if (!left.removeIf(o -> o.cloudWatchLoggingOptionId().equals(r.cloudWatchLoggingOptionId()))) {
                throw FlinkErrors.resourceNotFound("CloudWatch logging option " + r.cloudWatchLoggingOptionId() + " does not exist");
            }
            return d.toBuilder().cloudWatchLoggingOptionDescriptions(left).build();
        });
        Application app = changed.app();
        return changed.respond(ctx, DeleteApplicationCloudWatchLoggingOptionResponse.builder().applicationARN(app.arn())
                .applicationVersionId(app.versionId())
                .cloudWatchLoggingOptionDescriptions(app.detail().cloudWatchLoggingOptionDescriptions()).build());
    }

    public RawJsonResponse<AddApplicationVpcConfigurationResponse> addApplicationVpcConfiguration(
            RequestContext ctx, AddApplicationVpcConfigurationRequest r) {
        VpcConfigurationDescription vpc = Configurations.vpc(r.vpcConfiguration());
        Changed changed = change(ctx, "AddApplicationVpcConfiguration", r.applicationName(),
                r.currentApplicationVersionId(), r.conditionalToken(), d -> {
            var c = d.applicationConfigurationDescription();
            if (!c.vpcConfigurationDescriptions().isEmpty()) {
                throw FlinkErrors.invalidArgument("An application can have at most one VPC configuration");
            }
            return d.toBuilder().applicationConfigurationDescription(c.toBuilder().vpcConfigurationDescriptions(vpc).build()).build();
        });
        Application app = changed.app();
        return changed.respond(ctx, AddApplicationVpcConfigurationResponse.builder().applicationARN(app.arn())
                .applicationVersionId(app.versionId()).vpcConfigurationDescription(vpc).build());
    }

    public RawJsonResponse<DeleteApplicationVpcConfigurationResponse> deleteApplicationVpcConfiguration(
            RequestContext ctx, DeleteApplicationVpcConfigurationRequest r) {
        Changed changed = change(ctx, "DeleteApplicationVpcConfiguration", r.applicationName(),
                r.currentApplicationVersionId(), r.conditionalToken(), d -> {
            var c = d.applicationConfigurationDescription();
            List<VpcConfigurationDescription> left = new ArrayList<>(c.vpcConfigurationDescriptions());
            left.remove(Configurations.indexOf(left, r.vpcConfigurationId()));
            return d.toBuilder().applicationConfigurationDescription(c.toBuilder().vpcConfigurationDescriptions(left).build()).build();
        });
        Application app = changed.app();
        return changed.respond(ctx, DeleteApplicationVpcConfigurationResponse.builder().applicationARN(app.arn())
                .applicationVersionId(app.versionId()).build());
    }

    public UpdateApplicationMaintenanceConfigurationResponse updateApplicationMaintenanceConfiguration(
            RequestContext ctx, UpdateApplicationMaintenanceConfigurationRequest r) {
        String start = r.applicationMaintenanceConfigurationUpdate().applicationMaintenanceWindowStartTimeUpdate();
        if (!start.matches("([01][0-9]|2[0-3]):[0-5][0-9]")) {
            throw FlinkErrors.invalidArgument("Invalid maintenance window start time " + start);
        }
        int hour = Integer.parseInt(start.substring(0, 2));
        String end = String.format("%02d%s", (hour + 8) % 24, start.substring(2));
        Application app = tx.execute(s -> {
            Application a = applications.lock(ctx, r.applicationName());
            applications.setDetail(a.id(), a.detail().toBuilder().applicationMaintenanceConfigurationDescription(
                    ApplicationMaintenanceConfigurationDescription.builder().applicationMaintenanceWindowStartTime(start)
                            .applicationMaintenanceWindowEndTime(end).build()).build());
            return applications.byId(a.id()).orElseThrow();
        });
        return UpdateApplicationMaintenanceConfigurationResponse.builder().applicationARN(app.arn())
                .applicationMaintenanceConfigurationDescription(app.detail().applicationMaintenanceConfigurationDescription()).build();
    }

    /** The URL of the running application's Flink dashboard (FLINK_DASHBOARD_URL; a session is not needed locally). */
    public CreateApplicationPresignedUrlResponse createApplicationPresignedUrl(RequestContext ctx, CreateApplicationPresignedUrlRequest r) {
        Application app = applications.require(ctx, r.applicationName());
        if (!"FLINK_DASHBOARD_URL".equals(r.urlTypeAsString())) {
            throw FlinkErrors.invalidArgument("Url type " + r.urlTypeAsString() + " is not supported for application " + app.name());
        }
        String url = runs.dashboard(app.id()).orElseThrow(() -> FlinkErrors.wrongStatus(app.name(), app.status(),
                "Application must be in RUNNING status to create a presigned URL for its dashboard."));
        return CreateApplicationPresignedUrlResponse.builder().authorizedUrl(url).build();
    }

    /** The application after a change, and the operation that recorded it (AWS's OperationId of these actions). */
    private record Changed(Application app, String operation) {

        <R extends SdkResponse> RawJsonResponse<R> respond(RequestContext ctx, R response) {
            return SystemRollback.respond(ctx, response, null, operation);
        }
    }

    /**
     * A configuration change: the version checked, a new version written, no change while the application is busy; the
     * change is an operation of the application (the {@code action} that asked for it, from the version before to the
     * new one), SUCCESSFUL when it commits: the options are recorded, the running job needs no restart for them.
     */
    private Changed change(RequestContext ctx, String action, String name, Long version, String token,
                           UnaryOperator<ApplicationDetail> edit) {
        return tx.execute(s -> {
            Application app = applications.lock(ctx, name);
            ApplicationApi.checkVersion(app, version, token);
            if (Runs.TRANSIENT.contains(app.status())) {
                throw FlinkErrors.wrongStatus(app.name(), app.status(), "Application cannot be changed now.");
            }
            Application changed = applications.newVersion(app, edit.apply(app.describe()).toBuilder()
                    .applicationVersionUpdatedFrom(app.versionId()).build(), clock.now());
            String operation = operations.begin(app.id(), action, clock.now(), app.versionId(), changed.versionId());
            operations.succeed(app.id(), operation, clock.now());
            return new Changed(changed, operation);
        });
    }
}
