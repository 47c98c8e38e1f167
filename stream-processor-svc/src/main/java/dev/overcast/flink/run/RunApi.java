package dev.overcast.flink.run;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RawJsonResponse;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.flink.FlinkErrors;
import dev.overcast.flink.application.Application;
import dev.overcast.flink.application.ApplicationStore;
import dev.overcast.flink.application.OperationStore;
import dev.overcast.flink.application.Runs;
import dev.overcast.flink.application.SystemRollback;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.*;

/** StartApplication and StopApplication: READY → STARTING → RUNNING, RUNNING → STOPPING (or FORCE_STOPPING) → READY. */
@AwsApi(api = "flink")
public class RunApi {

    private final ApplicationStore applications;
    private final OperationStore operations;
    private final Runs runs;
    private final TransactionTemplate tx;
    private final SuiteClock clock;

    public RunApi(ApplicationStore applications, OperationStore operations, Runs runs, TransactionTemplate tx, SuiteClock clock) {
        this.applications = applications;
        this.operations = operations;
        this.runs = runs;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * StartApplication: the RunConfiguration (restore type and snapshot, AllowNonRestoredState) is recorded as the
     * application's, the snapshot to restore is checked now, the job starts in the background.
     */
    public RawJsonResponse<StartApplicationResponse> startApplication(RequestContext ctx, StartApplicationRequest r) {
        String[] operation = {null};
        Application started = tx.execute(s -> {
            Application app = applications.lock(ctx, r.applicationName());
            if (!"READY".equals(app.status())) {
                throw FlinkErrors.wrongStatus(app.name(), app.status(), "Only an application in READY status can be started.");
            }
            if (app.detail().applicationConfigurationDescription().applicationCodeConfigurationDescription() == null) {
                throw FlinkErrors.invalidConfiguration("Application " + app.name() + " has no application code configured");
            }
            RunConfiguration rc = r.runConfiguration();
            if (rc != null && (rc.applicationRestoreConfiguration() != null || rc.flinkRunConfiguration() != null)) {
                var d = app.detail().toBuilder().applicationConfigurationDescription(Runs.withRunConfiguration(
                        app.detail().applicationConfigurationDescription(), rc.applicationRestoreConfiguration(),
                        rc.flinkRunConfiguration())).build();
                applications.setDetail(app.id(), d);
            }
            Application now = applications.byId(app.id()).orElseThrow();
            runs.restoreSnapshot(now); // an unknown custom snapshot fails the call, not the start
            applications.setStatus(app.id(), "STARTING", clock.now());
            applications.setShouldRun(app.id(), true);
            operation[0] = operations.begin(app.id(), "StartApplication", clock.now(), null, null);
            return applications.byId(app.id()).orElseThrow();
        });
        runs.launch(started, operation[0]);
        return SystemRollback.respond(ctx, StartApplicationResponse.builder().build(), null, operation[0]);
    }

    /** StopApplication: graceful from RUNNING (a snapshot first when snapshots are enabled); Force from any running status. */
    public RawJsonResponse<StopApplicationResponse> stopApplication(RequestContext ctx, StopApplicationRequest r) {
        boolean force = Boolean.TRUE.equals(r.force());
        String[] operation = {null};
        Application stopping = tx.execute(s -> {
            Application app = applications.lock(ctx, r.applicationName());
            boolean ok = force ? !"READY".equals(app.status()) && !"DELETING".equals(app.status()) : "RUNNING".equals(app.status());
            if (!ok) {
                throw FlinkErrors.wrongStatus(app.name(), app.status(), force
                        ? "Application can be force stopped only in STARTING, UPDATING, STOPPING, AUTOSCALING or RUNNING status."
                        : "Application must be in RUNNING status to be stopped.");
            }
            applications.setStatus(app.id(), force ? "FORCE_STOPPING" : "STOPPING", clock.now());
            applications.setShouldRun(app.id(), false);
            operation[0] = operations.begin(app.id(), "StopApplication", clock.now(), null, null);
            return app;
        });
        runs.stop(stopping, force, operation[0]);
        return SystemRollback.respond(ctx, StopApplicationResponse.builder().build(), null, operation[0]);
    }
}
