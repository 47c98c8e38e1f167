package dev.overcast.glue.workflow;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.glue.GlueErrors;
import dev.overcast.glue.schedule.CronExpression;
import dev.overcast.glue.store.Models;
import dev.overcast.glue.store.PageTokens;
import dev.overcast.glue.store.Resources;
import dev.overcast.glue.store.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.glue.model.*;

/**
 * Triggers: Create/Get/GetTriggers/ListTriggers/BatchGetTriggers/Update/DeleteTrigger, Start/StopTrigger.
 * ON_DEMAND triggers fire on StartTrigger; SCHEDULED and CONDITIONAL ones fire while ACTIVATED (see {@link Triggers}),
 * EVENT ones when their EventBatchingCondition is met (see {@link EventTriggers}).
 */
@AwsApi(api = "glue")
public class TriggerApi {

    private final Resources resources;
    private final Triggers triggers;
    private final SuiteClock clock;

    public TriggerApi(Resources resources, Triggers triggers, SuiteClock clock) {
        this.resources = resources;
        this.triggers = triggers;
        this.clock = clock;
    }

    public CreateTriggerResponse createTrigger(RequestContext ctx, CreateTriggerRequest r) {
        check(r.type(), r.schedule(), r.predicate(), r.eventBatchingCondition());
        boolean start = Boolean.TRUE.equals(r.startOnCreation()) && r.type() != TriggerType.ON_DEMAND;
        Trigger t = Models.copySameTyped(r, Trigger.builder()).id(UUID.randomUUID().toString())
                .state(start ? TriggerState.ACTIVATED : TriggerState.CREATED).build();
        if (!resources.insert(Scope.of(ctx), Triggers.KIND, r.name(), t, clock.now())) {
            throw GlueErrors.alreadyExists("Trigger with name " + r.name() + " already exists");
        }
        return CreateTriggerResponse.builder().name(r.name()).build();
    }

    private static void check(TriggerType type, String schedule, Predicate predicate, EventBatchingCondition batching) {
        if (type == TriggerType.SCHEDULED) {
            if (schedule == null) {
                throw GlueErrors.invalidInput("Schedule is required for a SCHEDULED trigger");
            }
            CronExpression.parse(schedule);
        }
        if (type == TriggerType.CONDITIONAL && (predicate == null || !predicate.hasConditions()
                || predicate.conditions().isEmpty())) {
            throw GlueErrors.invalidInput("Predicate is required for a CONDITIONAL trigger");
        }
        // BatchSize (1..100, required) and BatchWindow (1..900) are bounded by the API model, checked before this
        if (batching != null && type != TriggerType.EVENT) {
            throw GlueErrors.invalidInput("EventBatchingCondition is only supported for EVENT triggers");
        }
    }

    Trigger require(Scope s, String name) {
        return resources.get(s, Triggers.KIND, name, Trigger.class).map(Resources.Entry::doc)
                .orElseThrow(() -> GlueErrors.entityNotFound("Trigger with name " + name + " not found"));
    }

    public GetTriggerResponse getTrigger(RequestContext ctx, GetTriggerRequest r) {
        return GetTriggerResponse.builder().trigger(require(Scope.of(ctx), r.name())).build();
    }

    public GetTriggersResponse getTriggers(RequestContext ctx, GetTriggersRequest r) {
        int size = PageTokens.size(r.maxResults(), 100, 1000);
        List<Trigger> all = resources.list(Scope.of(ctx), Triggers.KIND, "", PageTokens.decode("triggers", r.nextToken()),
                Integer.MAX_VALUE, Trigger.class).stream().map(Resources.Entry::doc)
                .filter(t -> r.dependentJobName() == null || t.actions().stream()
                        .anyMatch(a -> r.dependentJobName().equals(a.jobName()))).toList();
        return GetTriggersResponse.builder().triggers(all.subList(0, Math.min(size, all.size())))
                .nextToken(all.size() > size ? PageTokens.encode("triggers", all.get(size - 1).name()) : null).build();
    }

    public ListTriggersResponse listTriggers(RequestContext ctx, ListTriggersRequest r) {
        int size = PageTokens.size(r.maxResults(), 100, 1000);
        List<Resources.Entry<Trigger>> page = resources.list(Scope.of(ctx), Triggers.KIND, "",
                PageTokens.decode("triggers", r.nextToken()), size + 1, Trigger.class);
        return ListTriggersResponse.builder().triggerNames(page.stream().limit(size).map(Resources.Entry::name).toList())
                .nextToken(page.size() > size ? PageTokens.encode("triggers", page.get(size - 1).name()) : null).build();
    }

    public BatchGetTriggersResponse batchGetTriggers(RequestContext ctx, BatchGetTriggersRequest r) {
        List<Trigger> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : r.triggerNames()) {
            resources.get(Scope.of(ctx), Triggers.KIND, name, Trigger.class)
                    .ifPresentOrElse(e -> found.add(e.doc()), () -> missing.add(name));
        }
        return BatchGetTriggersResponse.builder().triggers(found).triggersNotFound(missing).build();
    }

    public UpdateTriggerResponse updateTrigger(RequestContext ctx, UpdateTriggerRequest r) {
        Scope s = Scope.of(ctx);
        Trigger old = require(s, r.name());
        Trigger.Builder b = old.toBuilder();
        Models.copySameTyped(r.triggerUpdate(), b);
        Trigger t = b.name(old.name()).build();
        check(t.type(), t.schedule(), t.predicate(), t.eventBatchingCondition());
        resources.update(s, Triggers.KIND, r.name(), t, clock.now());
        return UpdateTriggerResponse.builder().trigger(t).build();
    }

    public DeleteTriggerResponse deleteTrigger(RequestContext ctx, DeleteTriggerRequest r) {
        resources.delete(Scope.of(ctx), Triggers.KIND, r.name());
        return DeleteTriggerResponse.builder().name(r.name()).build();
    }

    public StartTriggerResponse startTrigger(RequestContext ctx, StartTriggerRequest r) {
        Scope s = Scope.of(ctx);
        Trigger t = require(s, r.name());
        if (t.type() == TriggerType.ON_DEMAND) {
            triggers.fire(s, t, null);
        } else {
            resources.update(s, Triggers.KIND, r.name(), t.toBuilder().state(TriggerState.ACTIVATED).build(), clock.now());
        }
        return StartTriggerResponse.builder().name(r.name()).build();
    }

    public StopTriggerResponse stopTrigger(RequestContext ctx, StopTriggerRequest r) {
        Scope s = Scope.of(ctx);
        Trigger t = require(s, r.name());
        if (t.type() == TriggerType.ON_DEMAND) {
            throw GlueErrors.invalidInput("An ON_DEMAND trigger cannot be stopped");
        }
        resources.update(s, Triggers.KIND, r.name(), t.toBuilder().state(TriggerState.DEACTIVATED).build(), clock.now());
        return StopTriggerResponse.builder().name(r.name()).build();
    }
}
