package dev.overcast.glue.workflow;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.glue.GlueErrors;
import dev.overcast.glue.store.Models;
import dev.overcast.glue.store.PageTokens;
import dev.overcast.glue.store.Resources;
import dev.overcast.glue.store.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.glue.model.*;

/**
 * Workflows: Create/Get/ListWorkflows/BatchGetWorkflows/Update/DeleteWorkflow, StartWorkflowRun (fires the workflow's
 * ON_DEMAND or SCHEDULED start triggers; its CONDITIONAL triggers chain the rest), GetWorkflowRun(s) with the run
 * graph, Get/PutWorkflowRunProperties, StopWorkflowRun, ResumeWorkflowRun (the chosen nodes run again in a new run,
 * and what is downstream of them follows through the workflow's conditional triggers).
 */
@AwsApi(api = "glue")
public class WorkflowApi {

    static final String KIND = "workflow";

    private final Resources resources;
    private final Triggers triggers;
    private final WorkflowRuns runs;
    private final TransactionTemplate tx;
    private final SuiteClock clock;

    public WorkflowApi(Resources resources, Triggers triggers, WorkflowRuns runs, TransactionTemplate tx, SuiteClock clock) {
        this.resources = resources;
        this.triggers = triggers;
        this.runs = runs;
        this.tx = tx;
        this.clock = clock;
    }

    public CreateWorkflowResponse createWorkflow(RequestContext ctx, CreateWorkflowRequest r) {
        Instant now = clock.now();
        Workflow w = Models.copySameTyped(r, Workflow.builder()).createdOn(now).lastModifiedOn(now).build();
        if (!resources.insert(Scope.of(ctx), KIND, r.name(), w, now)) {
            throw GlueErrors.alreadyExists("Workflow with name " + r.name() + " already exists");
        }
        return CreateWorkflowResponse.builder().name(r.name()).build();
    }

    private Workflow require(Scope s, String name) {
        return resources.get(s, KIND, name, Workflow.class).map(Resources.Entry::doc)
                .orElseThrow(() -> GlueErrors.entityNotFound("Workflow with name " + name + " not found"));
    }

    private List<Trigger> triggersOf(Scope s, String workflow) {
        return resources.list(s, Triggers.KIND, "", null, 10_000, Trigger.class).stream().map(Resources.Entry::doc)
                .filter(t -> workflow.equals(t.workflowName())).toList();
    }

    private Workflow withGraph(Scope s, Workflow w, boolean graph) {
        Workflow.Builder b = w.toBuilder();
        runs.list(s, w.name(), 1, 0).stream().findFirst().ifPresent(run -> b.lastRun(graph ? run : run.toBuilder()
                .graph((software.amazon.awssdk.services.glue.model.WorkflowGraph) null).build()));
        if (graph) {
            b.graph(WorkflowGraph.of(triggersOf(s, w.name())).build());
        }
        return b.build();
    }

    public GetWorkflowResponse getWorkflow(RequestContext ctx, GetWorkflowRequest r) {
        Scope s = Scope.of(ctx);
        return GetWorkflowResponse.builder().workflow(withGraph(s, require(s, r.name()), Boolean.TRUE.equals(r.includeGraph())))
                .build();
    }

    public ListWorkflowsResponse listWorkflows(RequestContext ctx, ListWorkflowsRequest r) {
        int size = PageTokens.size(r.maxResults(), 25, 25);
        List<Resources.Entry<Workflow>> page = resources.list(Scope.of(ctx), KIND, "",
                PageTokens.decode("workflows", r.nextToken()), size + 1, Workflow.class);
        return ListWorkflowsResponse.builder().workflows(page.stream().limit(size).map(Resources.Entry::name).toList())
                .nextToken(page.size() > size ? PageTokens.encode("workflows", page.get(size - 1).name()) : null).build();
    }

    public BatchGetWorkflowsResponse batchGetWorkflows(RequestContext ctx, BatchGetWorkflowsRequest r) {
        Scope s = Scope.of(ctx);
        List<Workflow> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : r.names()) {
            resources.get(s, KIND, name, Workflow.class).ifPresentOrElse(
                    e -> found.add(withGraph(s, e.doc(), Boolean.TRUE.equals(r.includeGraph()))), () -> missing.add(name));
        }
        return BatchGetWorkflowsResponse.builder().workflows(found).missingWorkflows(missing).build();
    }

    public UpdateWorkflowResponse updateWorkflow(RequestContext ctx, UpdateWorkflowRequest r) {
        Scope s = Scope.of(ctx);
        Workflow old = require(s, r.name());
        Workflow.Builder b = old.toBuilder();
        Models.copySameTyped(r, b);
        resources.update(s, KIND, r.name(), b.lastModifiedOn(clock.now()).build(), clock.now());
        return UpdateWorkflowResponse.builder().name(r.name()).build();
    }

    /** Deletes the workflow with its triggers and runs. */
    public DeleteWorkflowResponse deleteWorkflow(RequestContext ctx, DeleteWorkflowRequest r) {
        Scope s = Scope.of(ctx);
        tx.executeWithoutResult(st -> {
            triggersOf(s, r.name()).forEach(t -> resources.delete(s, Triggers.KIND, t.name()));
            runs.deleteAll(s, r.name());
            resources.delete(s, KIND, r.name());
        });
        return DeleteWorkflowResponse.builder().name(r.name()).build();
    }

    public StartWorkflowRunResponse startWorkflowRun(RequestContext ctx, StartWorkflowRunRequest r) {
        Scope s = Scope.of(ctx);
        Workflow w = require(s, r.name());
        List<Trigger> all = triggersOf(s, w.name());
        List<Trigger> start = all.stream().filter(t -> t.type() == TriggerType.ON_DEMAND || t.type() == TriggerType.SCHEDULED
                || t.type() == TriggerType.EVENT).toList();
        if (start.isEmpty()) {
            throw GlueErrors.invalidInput("Workflow " + w.name() + " has no start trigger");
        }
        requireRunCapacity(s, w);
        String id = WorkflowRuns.newId();
        runs.insert(s, WorkflowRuns.starting(w, id, r.hasRunProperties() ? r.runProperties() : Map.of(), all,
                clock.now(), null));
        start.forEach(t -> triggers.fire(s, t, id));
        return StartWorkflowRunResponse.builder().runId(id).build();
    }

    private void requireRunCapacity(Scope s, Workflow w) {
        if (runs.atCapacity(s, w)) {
            throw GlueErrors.concurrentRunsExceeded("Concurrent runs exceeded for workflow " + w.name());
        }
    }

    private WorkflowRun run(Scope s, String workflow, String id) {
        require(s, workflow);
        return runs.find(s, workflow, id)
                .orElseThrow(() -> GlueErrors.entityNotFound("Workflow run " + id + " of " + workflow + " not found"));
    }

    public GetWorkflowRunResponse getWorkflowRun(RequestContext ctx, GetWorkflowRunRequest r) {
        WorkflowRun run = run(Scope.of(ctx), r.name(), r.runId());
        return GetWorkflowRunResponse.builder().run(Boolean.TRUE.equals(r.includeGraph()) ? run
                : run.toBuilder().graph((software.amazon.awssdk.services.glue.model.WorkflowGraph) null).build()).build();
    }

    public GetWorkflowRunsResponse getWorkflowRuns(RequestContext ctx, GetWorkflowRunsRequest r) {
        Scope s = Scope.of(ctx);
        require(s, r.name());
        int size = PageTokens.size(r.maxResults(), 100, 1000);
        String at = PageTokens.decode("wfruns", r.nextToken());
        int offset = at == null ? 0 : Integer.parseInt(at);
        List<WorkflowRun> page = runs.list(s, r.name(), size + 1, offset);
        boolean graph = r.includeGraph() == null || r.includeGraph();
        return GetWorkflowRunsResponse.builder().runs(page.stream().limit(size).map(x -> graph ? x : x.toBuilder()
                        .graph((software.amazon.awssdk.services.glue.model.WorkflowGraph) null).build()).toList())
                .nextToken(page.size() > size ? PageTokens.encode("wfruns", Integer.toString(offset + size)) : null).build();
    }

    public GetWorkflowRunPropertiesResponse getWorkflowRunProperties(RequestContext ctx, GetWorkflowRunPropertiesRequest r) {
        return GetWorkflowRunPropertiesResponse.builder()
                .runProperties(run(Scope.of(ctx), r.name(), r.runId()).workflowRunProperties()).build();
    }

    public PutWorkflowRunPropertiesResponse putWorkflowRunProperties(RequestContext ctx, PutWorkflowRunPropertiesRequest r) {
        Scope s = Scope.of(ctx);
        run(s, r.name(), r.runId());
        tx.executeWithoutResult(st -> runs.lock(r.runId()).ifPresent(run -> {
            Map<String, String> props = new HashMap<>(run.workflowRunProperties());
            props.putAll(r.runProperties());
            runs.update(run.toBuilder().workflowRunProperties(props).build());
        }));
        return PutWorkflowRunPropertiesResponse.builder().build();
    }

    public StopWorkflowRunResponse stopWorkflowRun(RequestContext ctx, StopWorkflowRunRequest r) {
        Scope s = Scope.of(ctx);
        WorkflowRun run = run(s, r.name(), r.runId());
        if (run.status() != WorkflowRunStatus.RUNNING) {
            throw GlueErrors.illegalWorkflowState("Workflow run " + r.runId() + " is not running");
        }
        tx.executeWithoutResult(st -> runs.lock(r.runId()).ifPresent(x -> runs.update(x.toBuilder()
                .status(WorkflowRunStatus.STOPPED).completedOn(clock.now()).build())));
        return StopWorkflowRunResponse.builder().build();
    }

    /**
     * A new run of the workflow (PreviousRunId the resumed one) with the resumed run's graph and properties, in which
     * the chosen job and crawler nodes (each with a run attempt in the resumed run) start again; the nodes downstream
     * of them run as the workflow's conditional triggers fire.
     */
    public ResumeWorkflowRunResponse resumeWorkflowRun(RequestContext ctx, ResumeWorkflowRunRequest r) {
        Scope s = Scope.of(ctx);
        Workflow w = require(s, r.name());
        WorkflowRun previous = run(s, r.name(), r.runId());
        if (previous.status() == WorkflowRunStatus.RUNNING) {
            throw GlueErrors.illegalWorkflowState("Workflow run " + r.runId() + " is still running: only a finished run"
                    + " can be resumed");
        }
        if (!r.hasNodeIds() || r.nodeIds().isEmpty()) {
            throw GlueErrors.invalidInput("NodeIds must name at least one node of the workflow run");
        }
        List<Node> nodes = new ArrayList<>();
        for (String id : new java.util.LinkedHashSet<>(r.nodeIds())) {
            Node node = previous.graph() == null ? null : previous.graph().nodes().stream()
                    .filter(n -> n.uniqueId().equals(id)).findFirst().orElse(null);
            if (node == null) {
                throw GlueErrors.invalidInput("Node " + id + " is not a node of workflow run " + r.runId());
            }
            boolean attempted = node.type() == NodeType.JOB && node.jobDetails() != null && node.jobDetails().hasJobRuns()
                    && !node.jobDetails().jobRuns().isEmpty()
                    || node.type() == NodeType.CRAWLER && node.crawlerDetails() != null
                    && node.crawlerDetails().hasCrawls() && !node.crawlerDetails().crawls().isEmpty();
            if (!attempted) {
                throw GlueErrors.invalidInput("Node " + id + " has no run attempt in workflow run " + r.runId()
                        + ": only job and crawler nodes that ran can be resumed");
            }
            nodes.add(node);
        }
        requireRunCapacity(s, w);
        String id = WorkflowRuns.newId();
        software.amazon.awssdk.services.glue.model.WorkflowGraph graph = WorkflowGraph.of(triggersOf(s, w.name()))
                .keeping(previous.graph()).build();
        runs.insert(s, previous.toBuilder().workflowRunId(id).previousRunId(previous.workflowRunId())
                .startedOn(clock.now()).completedOn((Instant) null).status(WorkflowRunStatus.RUNNING).errorMessage(null)
                .graph(graph).statistics(WorkflowGraph.statistics(graph)).build());
        for (Node node : nodes) {
            Action action;
            String trigger = null;
            if (node.type() == NodeType.JOB) {
                JobRun last = node.jobDetails().jobRuns().get(0);
                Map<String, String> args = new HashMap<>(last.hasArguments() ? last.arguments() : Map.of());
                args.remove("--WORKFLOW_NAME");
                args.remove("--WORKFLOW_RUN_ID");
                action = Action.builder().jobName(node.name()).arguments(args).timeout(last.timeout()).build();
                trigger = last.triggerName();
            } else {
                action = Action.builder().crawlerName(node.name()).build();
            }
            triggers.startAction(s, action, trigger, w.name(), id);
        }
        return ResumeWorkflowRunResponse.builder().runId(id).nodeIds(nodes.stream().map(Node::uniqueId).toList()).build();
    }
}
