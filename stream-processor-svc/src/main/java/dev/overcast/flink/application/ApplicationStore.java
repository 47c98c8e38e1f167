package dev.overcast.flink.application;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.common.api.RequestContext;
import dev.overcast.flink.FlinkErrors;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.ApplicationDetail;

/** Applications and their versions in the schema {@code flink}. */
@Repository
public class ApplicationStore {

    private static final String COLUMNS = "id, account, region, name, arn, status, version_id, created, updated, detail, should_run, system_rollback";

    private final JdbcClient jdbc;

    public ApplicationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Application> find(String account, String region, String name) {
        return jdbc.sql("select " + COLUMNS + " from applications where account = :a and region = :r and name = :n")
                .param("a", account).param("r", region).param("n", name).query(ApplicationStore::row).optional();
    }

    /** The application, or AWS's ResourceNotFoundException. */
    public Application require(RequestContext ctx, String name) {
        return find(ctx.account(), ctx.region(), name).orElseThrow(() -> FlinkErrors.applicationNotFound(name));
    }

    /** The application locked for a change (inside a transaction). */
    public Application lock(RequestContext ctx, String name) {
        return lock(ctx.account(), ctx.region(), name);
    }

    public Application lock(String account, String region, String name) {
        return jdbc.sql("select " + COLUMNS + " from applications where account = :a and region = :r and name = :n for update")
                .param("a", account).param("r", region).param("n", name).query(ApplicationStore::row).optional()
                .orElseThrow(() -> FlinkErrors.applicationNotFound(name));
    }

    public Optional<Application> byId(long id) {
        return jdbc.sql("select " + COLUMNS + " from applications where id = :id").param("id", id)
                .query(ApplicationStore::row).optional();
    }

    public List<Application> list(String account, String region) {
        return jdbc.sql("select " + COLUMNS + " from applications where account = :a and region = :r order by name")
                .param("a", account).param("r", region).query(ApplicationStore::row).list();
    }

    /** Applications StartApplication started and StopApplication did not stop: what a restarted service resumes. */
    public List<Application> shouldRun() {
        return jdbc.sql("select " + COLUMNS + " from applications where should_run order by id").query(ApplicationStore::row).list();
    }

    /** Inserts a new application (version 1); false when the name is taken. */
    public boolean insert(String account, String region, ApplicationDetail d, Instant now) {
        int n = jdbc.sql("""
                insert into applications (account, region, name, arn, status, version_id, created, updated, detail)
                values (:a, :r, :n, :arn, :s, 1, :t, :t, :d) on conflict do nothing""")
                .param("a", account).param("r", region).param("n", d.applicationName()).param("arn", d.applicationARN())
                .param("s", d.applicationStatusAsString()).param("t", Timestamp.from(now)).param("d", ModelJson.write(d))
                .update();
        if (n == 1) {
            Application app = find(account, region, d.applicationName()).orElseThrow();
            recordVersion(app);
        }
        return n == 1;
    }

    /** Writes a new version of the configuration (version + 1) and records it. */
    public Application newVersion(Application app, ApplicationDetail d, Instant now) {
        jdbc.sql("update applications set version_id = version_id + 1, updated = :t, detail = :d where id = :id")
                .param("t", Timestamp.from(now)).param("d", ModelJson.write(d)).param("id", app.id()).update();
        Application updated = byId(app.id()).orElseThrow();
        recordVersion(updated);
        return updated;
    }

    private void recordVersion(Application app) {
        jdbc.sql("""
                insert into application_versions (application_id, version_id, status, created, detail)
                values (:id, :v, :s, :t, :d) on conflict (application_id, version_id) do update set detail = excluded.detail""")
                .param("id", app.id()).param("v", app.versionId()).param("s", app.status())
                .param("t", Timestamp.from(app.updated())).param("d", ModelJson.write(app.describe())).update();
    }

    public void setStatus(long id, String status, Instant now) {
        jdbc.sql("update applications set status = :s, updated = :t where id = :id")
                .param("s", status).param("t", Timestamp.from(now)).param("id", id).update();
        jdbc.sql("update application_versions set status = :s where application_id = :id and version_id = "
                + "(select version_id from applications where id = :id)").param("s", status).param("id", id).update();
    }

    /** Changes the status only when it still is {@code expected}; false otherwise. */
    public boolean moveStatus(long id, String expected, String status, Instant now) {
        return jdbc.sql("update applications set status = :s, updated = :t where id = :id and status = :e")
                .param("s", status).param("e", expected).param("t", Timestamp.from(now)).param("id", id).update() == 1;
    }

    public void setShouldRun(long id, boolean run) {
        jdbc.sql("update applications set should_run = :r where id = :id").param("r", run).param("id", id).update();
    }

    /** Replaces the stored description without a new version (status details, run configuration). */
    public void setDetail(long id, ApplicationDetail d) {
        jdbc.sql("update applications set detail = :d where id = :id").param("d", ModelJson.write(d)).param("id", id).update();
    }

    /** ApplicationSystemRollbackConfiguration's RollbackEnabled. */
    public void setSystemRollback(long id, boolean enabled) {
        jdbc.sql("update applications set system_rollback = :e where id = :id").param("e", enabled).param("id", id).update();
    }

    /**
     * Rolls a locked application back to its previous version: a new version with that version's configuration
     * (RolledBackFrom / RolledBackTo set), in ROLLING_BACK. RollbackApplication and the service's system rollback.
     */
    public Application rollBack(Application app, Instant now) {
        if (app.versionId() < 2) {
            throw FlinkErrors.invalidArgument("Application " + app.name() + " has no previous version to roll back to");
        }
        long target = app.versionId() - 1;
        ApplicationDetail previous = version(app.id(), target).orElseThrow();
        ApplicationDetail d = app.describe().toBuilder()
                .applicationConfigurationDescription(previous.applicationConfigurationDescription())
                .serviceExecutionRole(previous.serviceExecutionRole())
                .cloudWatchLoggingOptionDescriptions(previous.cloudWatchLoggingOptionDescriptions())
                .applicationVersionUpdatedFrom((Long) null)
                .applicationVersionRolledBackFrom(app.versionId()).applicationVersionRolledBackTo(target).build();
        setStatus(app.id(), "ROLLING_BACK", now);
        return newVersion(byId(app.id()).orElseThrow(), d, now);
    }

    public void delete(long id) {
        jdbc.sql("delete from applications where id = :id").param("id", id).update();
    }

    /** A version's description, as it was when written. */
    public Optional<ApplicationDetail> version(long id, long versionId) {
        return jdbc.sql("select detail from application_versions where application_id = :id and version_id = :v")
                .param("id", id).param("v", versionId).query(String.class).optional().map(Application::parse);
    }

    public record VersionRow(long versionId, String status) {
    }

    public List<VersionRow> versions(long id) {
        return jdbc.sql("select version_id, status from application_versions where application_id = :id order by version_id desc")
                .param("id", id).query((rs, i) -> new VersionRow(rs.getLong(1), rs.getString(2))).list();
    }

    private static Application row(ResultSet rs, int i) throws SQLException {
        return new Application(rs.getLong("id"), rs.getString("account"), rs.getString("region"), rs.getString("name"),
                rs.getString("arn"), rs.getString("status"), rs.getLong("version_id"),
                rs.getTimestamp("created").toInstant(), rs.getTimestamp("updated").toInstant(),
                Application.parse(rs.getString("detail")), rs.getBoolean("should_run"), rs.getBoolean("system_rollback"));
    }
}
