package dev.overcast.glue.workflow;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.glue.store.Scope;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.glue.model.StartingEventBatchCondition;
import software.amazon.awssdk.services.glue.model.Trigger;
import software.amazon.awssdk.services.glue.model.Workflow;
import software.amazon.awssdk.services.glue.model.WorkflowRun;
import software.amazon.awssdk.services.glue.model.WorkflowRunStatistics;
import software.amazon.awssdk.services.glue.model.WorkflowRunStatus;

/** Workflow runs as their WorkflowRun document (graph and statistics included). */
@Component
public class WorkflowRuns {

    private final JdbcClient jdbc;

    public WorkflowRuns(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static String newId() {
        return "wr_" + UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * A new RUNNING run of the workflow, its properties the workflow's defaults overlaid with {@code properties}, its
     * graph the workflow's triggers with no action run yet.
     *
     * @param batch the event batch condition that started it (an EVENT trigger's), or null
     */
    static WorkflowRun starting(Workflow w, String id, Map<String, String> properties, List<Trigger> triggers,
                                Instant at, StartingEventBatchCondition batch) {
        Map<String, String> props = new HashMap<>(w.hasDefaultRunProperties() ? w.defaultRunProperties() : Map.of());
        props.putAll(properties);
        return WorkflowRun.builder().name(w.name()).workflowRunId(id).workflowRunProperties(props).startedOn(at)
                .status(WorkflowRunStatus.RUNNING).graph(WorkflowGraph.of(triggers).build())
                .statistics(WorkflowRunStatistics.builder().totalActions(0).runningActions(0).build())
                .startingEventBatchCondition(batch).build();
    }

    /** Whether another run would pass the workflow's MaxConcurrentRuns. */
    boolean atCapacity(Scope s, Workflow w) {
        if (w.maxConcurrentRuns() == null) {
            return false;
        }
        long running = jdbc.sql("""
                        select count(*) from workflow_runs where catalog_id = :c and region = :r and workflow = :w
                        and doc->>'Status' = 'RUNNING'""")
                .param("c", s.catalog()).param("r", s.region()).param("w", w.name()).query(Long.class).single();
        return running >= w.maxConcurrentRuns();
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
