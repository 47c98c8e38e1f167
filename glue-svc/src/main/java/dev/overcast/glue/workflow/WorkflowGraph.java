package dev.overcast.glue.workflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.glue.model.*;

/**
 * A workflow's graph as Glue draws it: a node per trigger, job and crawler, an edge from each trigger to the jobs and
 * crawlers it starts and from each job or crawler a trigger's predicate watches to that trigger. A run's graph carries
 * the runs and crawls it started in its job and crawler nodes.
 */
final class WorkflowGraph {

    private WorkflowGraph() {
    }

    static String id(NodeType type, String name) {
        return type + "_" + name;
    }

    static WorkflowGraph.Builder of(List<Trigger> triggers) {
        Builder b = new Builder();
        for (Trigger t : triggers) {
            String tid = b.node(NodeType.TRIGGER, t.name(), t);
            for (Action a : t.actions()) {
                if (a.jobName() != null) {
                    b.edge(tid, b.node(NodeType.JOB, a.jobName(), null));
                }
                if (a.crawlerName() != null) {
                    b.edge(tid, b.node(NodeType.CRAWLER, a.crawlerName(), null));
                }
            }
            if (t.predicate() != null && t.predicate().hasConditions()) {
                for (Condition c : t.predicate().conditions()) {
                    if (c.jobName() != null) {
                        b.edge(b.node(NodeType.JOB, c.jobName(), null), tid);
                    }
                    if (c.crawlerName() != null) {
                        b.edge(b.node(NodeType.CRAWLER, c.crawlerName(), null), tid);
                    }
                }
            }
        }
        return b;
    }

    /** Builds a graph, keeping the run data already recorded in {@code previous} (a run's graph). */
    static final class Builder {
        private final Map<String, Node> nodes = new LinkedHashMap<>();
        private final List<Edge> edges = new ArrayList<>();

        String node(NodeType type, String name, Trigger trigger) {
            String id = id(type, name);
            nodes.computeIfAbsent(id, k -> {
                Node.Builder n = Node.builder().type(type).name(name).uniqueId(id);
                if (trigger != null) {
                    n.triggerDetails(TriggerNodeDetails.builder().trigger(trigger).build());
                }
                return n.build();
            });
            return id;
        }

        void edge(String from, String to) {
            Edge e = Edge.builder().sourceId(from).destinationId(to).build();
            if (!edges.contains(e)) {
                edges.add(e);
            }
        }

        Builder keeping(software.amazon.awssdk.services.glue.model.WorkflowGraph previous) {
            if (previous != null && previous.hasNodes()) {
                for (Node n : previous.nodes()) {
                    if (nodes.containsKey(n.uniqueId()) && (n.jobDetails() != null || n.crawlerDetails() != null)) {
                        nodes.put(n.uniqueId(), n);
                    }
                }
            }
            return this;
        }

        software.amazon.awssdk.services.glue.model.WorkflowGraph build() {
            return software.amazon.awssdk.services.glue.model.WorkflowGraph.builder().nodes(new ArrayList<>(nodes.values()))
                    .edges(edges).build();
        }
    }

    /** The graph with a job run recorded (replacing an earlier record of the same run). */
    static software.amazon.awssdk.services.glue.model.WorkflowGraph withJobRun(
            software.amazon.awssdk.services.glue.model.WorkflowGraph g, JobRun run) {
        List<Node> nodes = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (n.type() == NodeType.JOB && n.name().equals(run.jobName())) {
                List<JobRun> runs = new ArrayList<>(n.jobDetails() == null ? List.of() : n.jobDetails().jobRuns());
                boolean ended = runs.stream().anyMatch(r -> r.id().equals(run.id()) && r.completedOn() != null);
                if (!ended || run.completedOn() != null) {
                    // a start recorded after the run already ended (a fast run) does not undo its end
                    runs.removeIf(r -> r.id().equals(run.id()));
                    runs.add(0, run);
                }
                n = n.toBuilder().jobDetails(JobNodeDetails.builder().jobRuns(runs).build()).build();
            }
            nodes.add(n);
        }
        return g.toBuilder().nodes(nodes).build();
    }

    /** The graph with a crawl recorded (matched by its log stream's message prefix, the crawl id). */
    static software.amazon.awssdk.services.glue.model.WorkflowGraph withCrawl(
            software.amazon.awssdk.services.glue.model.WorkflowGraph g, String crawler, Crawl crawl) {
        List<Node> nodes = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (n.type() == NodeType.CRAWLER && n.name().equals(crawler)) {
                List<Crawl> crawls = new ArrayList<>(n.crawlerDetails() == null ? List.of() : n.crawlerDetails().crawls());
                boolean ended = crawls.stream().anyMatch(c -> crawl.logStream().equals(c.logStream())
                        && c.completedOn() != null);
                if (!ended || crawl.completedOn() != null) {
                    crawls.removeIf(c -> crawl.logStream().equals(c.logStream()));
                    crawls.add(0, crawl);
                }
                n = n.toBuilder().crawlerDetails(CrawlerNodeDetails.builder().crawls(crawls).build()).build();
            }
            nodes.add(n);
        }
        return g.toBuilder().nodes(nodes).build();
    }

    /** Statistics of a run's graph: actions by the state of their latest run. */
    static WorkflowRunStatistics statistics(software.amazon.awssdk.services.glue.model.WorkflowGraph g) {
        int total = 0;
        int running = 0;
        int succeeded = 0;
        int failed = 0;
        int stopped = 0;
        int timeout = 0;
        for (Node n : g.nodes()) {
            if (n.jobDetails() != null) {
                for (JobRun r : n.jobDetails().jobRuns()) {
                    total++;
                    switch (r.jobRunState()) {
                        case SUCCEEDED -> succeeded++;
                        case FAILED, ERROR -> failed++;
                        case STOPPED -> stopped++;
                        case TIMEOUT -> timeout++;
                        default -> running++;
                    }
                }
            }
            if (n.crawlerDetails() != null) {
                for (Crawl c : n.crawlerDetails().crawls()) {
                    total++;
                    switch (c.state()) {
                        case SUCCEEDED -> succeeded++;
                        case FAILED, ERROR -> failed++;
                        case CANCELLED -> stopped++;
                        default -> running++;
                    }
                }
            }
        }
        return WorkflowRunStatistics.builder().totalActions(total).runningActions(running).succeededActions(succeeded)
                .failedActions(failed).stoppedActions(stopped).timeoutActions(timeout).erroredActions(0)
                .waitingActions(0).build();
    }
}
