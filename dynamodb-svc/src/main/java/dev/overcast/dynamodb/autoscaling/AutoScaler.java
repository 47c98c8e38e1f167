package dev.overcast.dynamodb.autoscaling;

import dev.overcast.common.db.JobLock;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.dynamodb.schema.TableDef;
import dev.overcast.dynamodb.table.TableStore;
import dev.overcast.dynamodb.table.Throttling;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Target-tracking auto scaling of provisioned capacity, acting for real on the capacity requests consume: each process
 * measures what the scaled tables consume ({@link Throttling}) and writes it down every run; one process at a time
 * ({@link JobLock}) then moves each table's (or GSI's) read or write capacity toward consumption / target utilization,
 * within its minimum and maximum. It scales out when the utilization over the scale-out window (AWS: two minutes) is
 * above the target, after the scale-out cool-down; it scales in when the utilization over the scale-in window (AWS:
 * fifteen minutes) is below 80% of the target, after the scale-in cool-down, unless scale-in is disabled, and only as
 * DynamoDB allows decreases. With several policies on a target the one giving the most capacity wins ({@link #decide}): four a day (UTC), and one more whenever there was none in the past hour. The capacity,
 * NumberOfDecreasesToday and the last increase and decrease times show in DescribeTable. Time is the suite's clock:
 * advancing it lets windows and cool-downs pass.
 */
@Component
public class AutoScaler {

    private static final Logger log = LoggerFactory.getLogger(AutoScaler.class);

    private final ScalingStore store;
    private final TargetStore targets;
    private final TableStore tables;
    private final Throttling throttling;
    private final TransactionTemplate tx;
    private final SuiteClock clock;
    private final JobLock lock;
    private final Duration outWindow;
    private final Duration inWindow;

    public AutoScaler(ScalingStore store, TargetStore targets, TableStore tables, Throttling throttling, TransactionTemplate tx, SuiteClock clock,
                      DataSource dataSource,
                      @Value("${overcast.dynamodb.autoscaling-scale-out-window:2m}") Duration outWindow,
                      @Value("${overcast.dynamodb.autoscaling-scale-in-window:15m}") Duration inWindow) {
        this.store = store;
        this.targets = targets;
        this.tables = tables;
        this.throttling = throttling;
        this.tx = tx;
        this.clock = clock;
        this.lock = new JobLock(dataSource);
        this.outWindow = outWindow;
        this.inWindow = inWindow;
        clock.onAdvance(this::run);
    }

    /** Measures what scaled tables consume from now on (after their settings changed). */
    void refreshMetered() {
        throttling.meter(new HashSet<>(store.scaledTables()));
    }

    @Scheduled(fixedDelayString = "${overcast.dynamodb.autoscaling-interval:10s}", initialDelayString = "${overcast.dynamodb.autoscaling-interval:10s}")
    public void run() {
        try {
            Instant now = clock.now();
            store.record(throttling.drainConsumed(), now);
            refreshMetered();
            lock.runExclusively("dynamodb.autoscaling", () -> {
                targets.due(now).forEach(a -> runScheduled(a, now));
                for (ScalingSetting s : store.all()) {
                    evaluate(s, now);
                }
                store.prune(now.minus(Duration.ofDays(1)));
            });
        } catch (RuntimeException e) {
            log.warn("auto scaling failed", e);
        }
    }

    private static ProvisionedThroughputDescription throughput(TableDescription d, String index) {
        if (index.isEmpty()) {
            return d.provisionedThroughput();
        }
        return d.globalSecondaryIndexes().stream().filter(g -> g.indexName().equals(index)).findFirst()
                .map(GlobalSecondaryIndexDescription::provisionedThroughput).orElse(null);
    }

    private static boolean passed(Instant since, Integer seconds, Instant now) {
        return since == null || seconds == null || !now.isBefore(since.plusSeconds(seconds));
    }

    private void evaluate(ScalingSetting s, Instant now) {
        TableDef t = tables.byId(s.tableId()).orElse(null);
        if (t == null) {
            return;
        }
        ProvisionedThroughputDescription p = throughput(t.description(), s.index());
        Long units = p == null ? null : s.dimension().equals("R") ? p.readCapacityUnits() : p.writeCapacityUnits();
        if (units == null || units <= 0) {
            return; // on demand, or the index is gone
        }
        long current = units;
        long next = current;
        String cause = null;
        if (current < s.min()) {
            next = s.min();
            cause = "the minimum capacity of the scalable target is " + s.min();
        } else if (current > s.max()) {
            next = s.max();
            cause = "the maximum capacity of the scalable target is " + s.max();
        } else if (!s.policies().isEmpty()) {
            Decision d = decide(s, t, p, current, now);
            if (d != null) {
                next = d.units();
                cause = d.cause();
            }
        }
        if (next != current) {
            apply(s, next, next < current, now, cause);
        }
    }

    /** A capacity the policies settle on, and why. */
    private record Decision(long units, String cause) {
    }

    /**
     * What the target's policies decide together, as Application Auto Scaling has it when several are in force: the one
     * giving the most capacity wins. It scales out when any policy would (to the largest capacity any asks for); it
     * scales in only when every policy whose scale-in is enabled would (to the largest of their capacities), and none
     * would scale out. Null: the capacity stays.
     */
    private Decision decide(ScalingSetting s, TableDef t, ProvisionedThroughputDescription p, long current, Instant now) {
        double outRate = store.consumedSince(s, now.minus(outWindow)) / Math.max(1, outWindow.toSeconds());
        double inRate = store.consumedSince(s, now.minus(inWindow)) / Math.max(1, inWindow.toSeconds());
        Instant scaledOrCreated = s.lastScaledAt() != null ? s.lastScaledAt() : t.description().creationDateTime();
        Decision out = null;
        Decision in = null;
        boolean allIn = true;
        for (ScalingSetting.Policy policy : s.policies()) {
            long wantedOut = Math.min(s.max(), (long) Math.ceil(outRate * 100 / policy.target()));
            if (outRate * 100 / current > policy.target() && wantedOut > current
                    && passed(s.lastScaledAt(), policy.scaleOutCooldown(), now)
                    && (out == null || wantedOut > out.units())) {
                out = new Decision(wantedOut, utilization(policy, "scale out", outRate, current, outWindow));
            }
            if (policy.disableScaleIn()) {
                continue;
            }
            long wantedIn = Math.max(s.min(), Math.max(1, (long) Math.ceil(inRate * 100 / policy.target())));
            boolean ready = inRate * 100 / current < policy.target() * 0.8 && wantedIn < current
                    && !now.isBefore(scaledOrCreated.plus(inWindow)) && passed(s.lastScaledAt(), policy.scaleInCooldown(), now);
            allIn &= ready;
            if (ready && (in == null || wantedIn > in.units())) {
                in = new Decision(wantedIn, utilization(policy, "scale in", inRate, current, inWindow));
            }
        }
        if (out != null) {
            return out;
        }
        return allIn && in != null && decreaseAllowed(p, s, now) ? in : null;
    }

    private static String utilization(ScalingSetting.Policy policy, String action, double rate, long current, Duration window) {
        return String.format(java.util.Locale.ROOT, "target tracking policy %s (%s): %.1f%% utilization of %d units over %d s, target %.1f%%",
                policy.name(), action, rate * 100 / current, current, window.toSeconds(), policy.target());
    }

    /** A scheduled action due: the target's new bounds (the next evaluation moves the capacity into them). */
    private void runScheduled(TargetStore.ScheduledAction a, Instant now) {
        tx.executeWithoutResult(x -> {
            boolean ended = a.endTime() != null && now.isAfter(a.endTime());
            Instant next = ended ? null : Schedule.parse(a.schedule(), a.timezone()).next(now, a.startTime(), a.createdAt());
            targets.ran(a, next != null && a.endTime() != null && next.isAfter(a.endTime()) ? null : next);
            if (ended) {
                return;
            }
            targets.setBounds(a.tableId(), a.index(), a.dimension(), a.minCapacity(), a.maxCapacity());
            store.of(a.tableId()).stream().filter(s -> s.index().equals(a.index()) && s.dimension().equals(a.dimension()))
                    .findFirst().ifPresent(s -> targets.activity(s, "Setting min capacity to " + s.min() + " and max capacity to "
                            + s.max(), "scheduled action name " + a.name() + " was triggered", now));
        });
    }

    /** DynamoDB's rule: four decreases a UTC day, and one more whenever the past hour had none. */
    private static boolean decreaseAllowed(ProvisionedThroughputDescription p, ScalingSetting s, Instant now) {
        return decreasesToday(p, now) < 4 || s.lastDecreaseAt() == null || !now.isBefore(s.lastDecreaseAt().plus(Duration.ofHours(1)));
    }

    private static long decreasesToday(ProvisionedThroughputDescription p, Instant now) {
        if (p.lastDecreaseDateTime() == null || p.numberOfDecreasesToday() == null) {
            return 0;
        }
        boolean today = p.lastDecreaseDateTime().atZone(ZoneOffset.UTC).toLocalDate().equals(now.atZone(ZoneOffset.UTC).toLocalDate());
        return today ? p.numberOfDecreasesToday() : 0;
    }

    private void apply(ScalingSetting s, long units, boolean decrease, Instant now, String cause) {
        tx.executeWithoutResult(x -> {
            TableDef t = tables.lock(s.tableId()).orElse(null);
            if (t == null) {
                return;
            }
            TableDescription d = t.description();
            ProvisionedThroughputDescription p = throughput(d, s.index());
            ProvisionedThroughputDescription.Builder b = p.toBuilder();
            if (s.dimension().equals("R")) {
                b.readCapacityUnits(units);
            } else {
                b.writeCapacityUnits(units);
            }
            if (decrease) {
                b.lastDecreaseDateTime(now).numberOfDecreasesToday(decreasesToday(p, now) + 1);
            } else {
                b.lastIncreaseDateTime(now);
            }
            ProvisionedThroughputDescription changed = b.build();
            TableDescription next = s.index().isEmpty() ? d.toBuilder().provisionedThroughput(changed).build()
                    : d.toBuilder().globalSecondaryIndexes(d.globalSecondaryIndexes().stream()
                    .map(g -> g.indexName().equals(s.index()) ? g.toBuilder().provisionedThroughput(changed).build() : g)
                    .toList()).build();
            tables.update(t.id(), next, t.readyAt());
            store.scaled(s, now, decrease);
            targets.activity(s, "Setting " + (s.dimension().equals("R") ? "read" : "write") + " capacity units to " + units + ".",
                    cause, now);
        });
        log.info("auto scaling: table id {}{}: {} capacity set to {}", s.tableId(), s.index().isEmpty() ? "" : " index " + s.index(),
                s.dimension().equals("R") ? "read" : "write", units);
    }
}
