package dev.overcast.glue.job;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.glue.store.Scope;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.glue.model.JobRun;

/** Job runs as their JobRun document, with the run's captured stdout and stderr. */
@Component
public class JobRuns {

    private final JdbcClient jdbc;

    public JobRuns(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Scope s, JobRun run) {
        jdbc.sql("""
                        insert into job_runs (id, catalog_id, region, job, state, doc, started_at)
                        values (:id, :c, :r, :j, :st, cast(:doc as jsonb), :at)""")
                .param("id", run.id()).param("c", s.catalog()).param("r", s.region()).param("j", run.jobName())
                .param("st", run.jobRunStateAsString()).param("doc", ModelJson.write(run))
                .param("at", Timestamp.from(run.startedOn())).update();
    }

    void update(JobRun run) {
        jdbc.sql("update job_runs set state = :st, doc = cast(:doc as jsonb) where id = :id")
                .param("st", run.jobRunStateAsString()).param("doc", ModelJson.write(run)).param("id", run.id()).update();
    }

    /** Moves a run to a new state unless it is already final; false when it was. */
    boolean transition(JobRun run) {
        return jdbc.sql("""
                        update job_runs set state = :st, doc = cast(:doc as jsonb) where id = :id
                        and state not in ('SUCCEEDED', 'FAILED', 'STOPPED', 'TIMEOUT', 'ERROR')""")
                .param("st", run.jobRunStateAsString()).param("doc", ModelJson.write(run)).param("id", run.id())
                .update() == 1;
    }

    void appendLog(String id, String text) {
        jdbc.sql("update job_runs set log = log || :t where id = :id").param("t", text).param("id", id).update();
    }

    public Optional<String> log(String id) {
        return jdbc.sql("select log from job_runs where id = :id").param("id", id).query(String.class).optional();
    }

    public Optional<JobRun> find(Scope s, String job, String id) {
        return jdbc.sql("select doc::text from job_runs where catalog_id = :c and region = :r and job = :j and id = :id")
                .param("c", s.catalog()).param("r", s.region()).param("j", job).param("id", id)
                .query(String.class).optional().map(d -> ModelJson.read(d, JobRun.class));
    }

    Optional<JobRun> byId(String id) {
        return jdbc.sql("select doc::text from job_runs where id = :id").param("id", id).query(String.class).optional()
                .map(d -> ModelJson.read(d, JobRun.class));
    }

    /** A job's runs, the newest first. */
    public List<JobRun> list(Scope s, String job, int limit, int offset) {
        return jdbc.sql("""
                        select doc::text from job_runs where catalog_id = :c and region = :r and job = :j
                        order by started_at desc, id desc limit :limit offset :offset""")
                .param("c", s.catalog()).param("r", s.region()).param("j", job).param("limit", limit)
                .param("offset", offset).query(String.class).list().stream().map(d -> ModelJson.read(d, JobRun.class)).toList();
    }

    /** A run not in a final state, with the account and region it belongs to. */
    record Active(Scope scope, JobRun run) {
    }

    /** Every run of every account left STARTING, RUNNING, STOPPING or WAITING. */
    List<Active> unfinished() {
        return jdbc.sql("""
                        select catalog_id, region, doc::text from job_runs
                        where state in ('STARTING', 'RUNNING', 'STOPPING', 'WAITING')""")
                .query((rs, n) -> new Active(new Scope(rs.getString(1), rs.getString(2)),
                        ModelJson.read(rs.getString(3), JobRun.class))).list();
    }

    int active(Scope s, String job) {
        return jdbc.sql("""
                        select count(*) from job_runs where catalog_id = :c and region = :r and job = :j
                        and state in ('STARTING', 'RUNNING', 'STOPPING', 'WAITING')""")
                .param("c", s.catalog()).param("r", s.region()).param("j", job).query(Integer.class).single();
    }

    void deleteAll(Scope s, String job) {
        jdbc.sql("delete from job_runs where catalog_id = :c and region = :r and job = :j")
                .param("c", s.catalog()).param("r", s.region()).param("j", job).update();
    }
}
