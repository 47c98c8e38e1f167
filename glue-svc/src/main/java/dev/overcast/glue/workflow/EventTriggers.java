package dev.overcast.glue.workflow;

import dev.overcast.common.bus.BusListener;
import dev.overcast.common.db.JobLock;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.glue.store.Resources;
import dev.overcast.glue.store.Scope;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.glue.model.EventBatchingCondition;
import software.amazon.awssdk.services.glue.model.StartingEventBatchCondition;
import software.amazon.awssdk.services.glue.model.Trigger;
import software.amazon.awssdk.services.glue.model.TriggerState;
import software.amazon.awssdk.services.glue.model.TriggerType;
import software.amazon.awssdk.services.glue.model.Workflow;
import software.amazon.awssdk.services.glue.model.WorkflowRun;
import tools.jackson.databind.JsonNode;

/**
 * EVENT triggers: the S3 events that {@link EventSources} routes to a workflow (read off the bus, once each) are added
 * to the open batch of each ACTIVATED EVENT trigger of the workflow, kept in {@code event_batch_events}. A batch fires
 * as soon as it holds the trigger's EventBatchingCondition BatchSize events (1 without a condition), or, smaller, once
 * BatchWindow seconds (900 by default) have passed on the suite clock since its first event. Firing starts a run of
 * the workflow, as StartWorkflowRun does, whose run property {@value #EVENT_IDS} lists the batch's EventBridge event
 * ids ({@code [id1,id2,…]}) and whose StartingEventBatchCondition says which condition fired it; the trigger's actions
 * start in that run.
 *
 * <p>Batches are checked right after an event commits, every few seconds and when the suite clock moves on, by one
 * replica at a time (a PostgreSQL lock); a batch's events leave it in the transaction that records its run, so each
 * event is in one run only.
 */
@Component
public class EventTriggers implements BusListener {

    static final String EVENT_IDS = "aws:eventIds";
    private static final Logger LOG = LoggerFactory.getLogger(EventTriggers.class);
    private static final String TOPIC = "overcast.s3.events";
    private static final int DEFAULT_WINDOW = 900;

    private final EventSources sources;
    private final Resources resources;
    private final Triggers triggers;
    private final WorkflowRuns runs;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SuiteClock clock;
    private final JobLock lock;
    private final AtomicBoolean again = new AtomicBoolean();

    public EventTriggers(@Value("${overcast.glue.event-sources:}") String sources, Resources resources,
                         Triggers triggers, WorkflowRuns runs, JdbcClient jdbc, TransactionTemplate tx,
                         SuiteClock clock, DataSource dataSource) {
        this.sources = EventSources.parse(sources);
        this.resources = resources;
        this.triggers = triggers;
        this.runs = runs;
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.lock = new JobLock(dataSource);
        clock.onAdvance(this::fireDue);
    }

    @Override
    public String name() {
        return "event-triggers";
    }

    @Override
    public List<String> topics() {
        return List.of(TOPIC);
    }

    /**
     * An S3 event as EventBridge receives it (a bus event bound for an event bus, its data the EventBridge event):
     * an Object Created one joins the batches of the EVENT triggers of the workflows its bucket and key are routed to.
     */
    @Override
    public void onEvent(Event event) {
        String destination = event.extensions().get("overcastdestination");
        JsonNode data = event.data();
        if (destination == null || !destination.startsWith("arn:aws:events:")
                || !"Object Created".equals(data.path("detail-type").asString(""))) {
            return;
        }
        String bucket = data.path("detail").path("bucket").path("name").asString("");
        String key = data.path("detail").path("object").path("key").asString(null);
        String eventId = data.path("id").asString(event.id());
        Scope s = new Scope(data.path("account").asString(""), data.path("region").asString(""));
        boolean added = false;
        for (EventSources.Rule rule : sources.matching(bucket, key)) {
            for (Trigger t : eventTriggers(s, rule.workflow())) {
                added |= jdbc.sql("""
                                insert into event_batch_events (catalog_id, region, trigger_name, event_id, received_at)
                                values (:c, :r, :t, :id, :at) on conflict do nothing""")
                        .param("c", s.catalog()).param("r", s.region()).param("t", t.name()).param("id", eventId)
                        .param("at", Timestamp.from(clock.now())).update() > 0;
            }
        }
        if (added && TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    Thread.ofVirtual().name("glue-event-batches").start(EventTriggers.this::fireDue);
                }
            });
        }
    }

    private List<Trigger> eventTriggers(Scope s, String workflow) {
        return resources.list(s, Triggers.KIND, "", null, 10_000, Trigger.class).stream().map(Resources.Entry::doc)
                .filter(t -> t.type() == TriggerType.EVENT && t.state() == TriggerState.ACTIVATED
                        && workflow.equals(t.workflowName())).toList();
    }

    private record Open(Scope scope, String trigger, long events, Instant first) {
    }

    /** Fires every batch whose condition is met (every few seconds, after an event, when the suite clock moves on). */
    @Scheduled(fixedDelayString = "${overcast.glue.schedule-interval:5s}")
    public void fireDue() {
        again.set(true);
        while (again.getAndSet(false)) {
            if (!lock.runExclusively("glue-event-batches", this::fireDueNow)) {
                again.set(true); // another thread or replica is at it: the one here looks again when done
                return;
            }
        }
    }

    private void fireDueNow() {
        List<Open> open = jdbc.sql("""
                        select catalog_id, region, trigger_name, count(*) as events, min(received_at) as first
                        from event_batch_events group by catalog_id, region, trigger_name""")
                .query((rs, i) -> new Open(new Scope(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getLong(4),
                        rs.getTimestamp(5).toInstant())).list();
        for (Open o : open) {
            try {
                fireDue(o);
            } catch (RuntimeException e) {
                LOG.warn("event batch of trigger {} not fired: {}", o.trigger(), e.toString());
            }
        }
    }

    private void fireDue(Open o) {
        Trigger t = resources.get(o.scope(), Triggers.KIND, o.trigger(), Trigger.class).map(Resources.Entry::doc)
                .filter(x -> x.type() == TriggerType.EVENT).orElse(null);
        if (t == null) { // deleted (or no longer an EVENT trigger): its batch goes with it
            jdbc.sql("delete from event_batch_events where catalog_id = :c and region = :r and trigger_name = :t")
                    .param("c", o.scope().catalog()).param("r", o.scope().region()).param("t", o.trigger()).update();
            return;
        }
        if (t.state() != TriggerState.ACTIVATED) {
            return; // a stopped trigger keeps its open batch until it is started again
        }
        EventBatchingCondition c = t.eventBatchingCondition();
        int size = c == null || c.batchSize() == null ? 1 : c.batchSize();
        int window = c == null || c.batchWindow() == null ? DEFAULT_WINDOW : c.batchWindow();
        long left = o.events();
        while (left >= size) {
            if (!fire(o.scope(), t, size, StartingEventBatchCondition.builder().batchSize(size).build())) {
                return;
            }
            left -= size;
        }
        if (left > 0 && !clock.now().isBefore(o.first().plusSeconds(window))) {
            fire(o.scope(), t, (int) left, StartingEventBatchCondition.builder().batchWindow(window).build());
        }
    }

    /** Starts a workflow run with the trigger's oldest {@code n} events; false when the workflow is at capacity. */
    private boolean fire(Scope s, Trigger t, int n, StartingEventBatchCondition condition) {
        Workflow w = resources.get(s, WorkflowApi.KIND, t.workflowName(), Workflow.class).map(Resources.Entry::doc)
                .orElse(null);
        if (w == null) {
            return false;
        }
        String id = WorkflowRuns.newId();
        Boolean started = tx.execute(st -> {
            if (runs.atCapacity(s, w)) {
                LOG.info("event batch of trigger {} waits: workflow {} is at MaxConcurrentRuns", t.name(), w.name());
                return false;
            }
            List<String> ids = jdbc.sql("""
                            delete from event_batch_events where (catalog_id, region, trigger_name, event_id) in (
                                select catalog_id, region, trigger_name, event_id from event_batch_events
                                where catalog_id = :c and region = :r and trigger_name = :t order by seq limit :n
                                for update)
                            returning seq, event_id""")
                    .param("c", s.catalog()).param("r", s.region()).param("t", t.name()).param("n", n)
                    .query((rs, i) -> Map.entry(rs.getLong(1), rs.getString(2))).list().stream()
                    .sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList();
            if (ids.isEmpty()) {
                return false;
            }
            List<Trigger> all = resources.list(s, Triggers.KIND, "", null, 10_000, Trigger.class).stream()
                    .map(Resources.Entry::doc).filter(x -> w.name().equals(x.workflowName())).toList();
            WorkflowRun run = WorkflowRuns.starting(w, id, Map.of(EVENT_IDS, "[" + String.join(",", ids) + "]"), all,
                    clock.now(), condition);
            runs.insert(s, run);
            return true;
        });
        if (Boolean.TRUE.equals(started)) {
            LOG.info("event trigger {} starts workflow run {} of {} ({} events)", t.name(), id, w.name(), n);
            triggers.fire(s, t, id);
        }
        return Boolean.TRUE.equals(started);
    }
}
