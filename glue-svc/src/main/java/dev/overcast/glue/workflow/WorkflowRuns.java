package dev.overcast.glue.workflow;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.glue.store.Scope;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.glue.model.WorkflowRun;

/** Workflow runs as their WorkflowRun document (graph and statistics included). */
@Component
public class WorkflowRuns {

    private final JdbcClient jdbc;

    public WorkflowRuns(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Scope s, WorkflowRun run) {
        jdbc.sql("""
                        insert into workflow_runs (id, catalog_id, region, workflow, doc, started_at)
                        values (:id, :c, :r, :w, cast(:doc as jsonb), :at)""")
                .param("id", run.workflowRunId()).param("c", s.catalog()).param("r", s.region()).param("w", run.name())
                .param("doc", ModelJson.write(run)).param("at", Timestamp.from(run.startedOn())).update();
    }

    void update(WorkflowRun run) {
        jdbc.sql("update workflow_runs set doc = cast(:doc as jsonb) where id = :id")
                .param("doc", ModelJson.write(run)).param("id", run.workflowRunId()).update();
    }

    /** The run locked for a change in the caller's transaction. */
    Optional<WorkflowRun> lock(String id) {
        return jdbc.sql("select doc::text from workflow_runs where id = :id for update").param("id", id)
                .query(String.class).optional().map(d -> ModelJson.read(d, WorkflowRun.class));
    }

    Optional<WorkflowRun> find(Scope s, String workflow, String id) {
        return jdbc.sql("select doc::text from workflow_runs where catalog_id = :c and region = :r and workflow = :w and id = :id")
                .param("c", s.catalog()).param("r", s.region()).param("w", workflow).param("id", id)
                .query(String.class).optional().map(d -> ModelJson.read(d, WorkflowRun.class));
    }

    List<WorkflowRun> list(Scope s, String workflow, int limit, int offset) {
        return jdbc.sql("""
                        select doc::text from workflow_runs where catalog_id = :c and region = :r and workflow = :w
                        order by started_at desc, id desc limit :limit offset :offset""")
                .param("c", s.catalog()).param("r", s.region()).param("w", workflow).param("limit", limit)
                .param("offset", offset).query(String.class).list().stream().map(d -> ModelJson.read(d, WorkflowRun.class))
                .toList();
    }

    /** The RUNNING run of a workflow that started the crawl with this id, if any. */
    Optional<String> runningWithCrawl(Scope s, String crawlId) {
        return jdbc.sql("""
                        select id from workflow_runs where catalog_id = :c and region = :r and doc->>'Status' = 'RUNNING'
                        and position(:crawl in doc::text) > 0 limit 1""")
                .param("c", s.catalog()).param("r", s.region()).param("crawl", crawlId).query(String.class).optional();
    }

    void deleteAll(Scope s, String workflow) {
        jdbc.sql("delete from workflow_runs where catalog_id = :c and region = :r and workflow = :w")
                .param("c", s.catalog()).param("r", s.region()).param("w", workflow).update();
    }
}
