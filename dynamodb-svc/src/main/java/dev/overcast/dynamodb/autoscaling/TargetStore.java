package dev.overcast.dynamodb.autoscaling;

import dev.overcast.common.protocol.json.ModelJson;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import software.amazon.awssdk.services.applicationautoscaling.model.ListTagsForResourceResponse;

/**
 * What Application Auto Scaling adds to the auto scaling settings ({@link ScalingStore}): the registration of a
 * scalable target and its tags, the scaling activities, the scheduled actions.
 */
@Repository
class TargetStore {

    /** A scalable target: the table it belongs to (name, account, region), its setting, when registered, its tags. */
    record Target(String account, String region, String tableName, ScalingSetting setting, Instant createdAt,
                  Map<String, String> tags) {
    }

    /** A scaling activity of a target. */
    record Activity(String id, String tableName, String index, String dimension, String description, String cause,
                    Instant startedAt, Instant endedAt) {
    }

    /** A scheduled action of a target. */
    record ScheduledAction(String account, String region, String tableName, long tableId, String index, String dimension,
                           String name, String schedule, String timezone, Instant startTime, Instant endTime,
                           Long minCapacity, Long maxCapacity, Instant createdAt, Instant nextRunAt) {
    }

    private final JdbcClient jdbc;

    TargetStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** Tags as stored: the JSON of a ListTagsForResource answer. */
    private static Map<String, String> tags(String json) {
        return ModelJson.read(json, ListTagsForResourceResponse.class).tags();
    }

    List<Target> targets(String account, String region) {
        List<Target> rows = jdbc.sql("""
                select s.*, t.name as table_name from autoscaling_setting s join ddb_table t on t.id = s.table_id
                where t.account_id = ? and t.region = ? order by t.name, s.index_name, s.dimension""")
                .params(account, region)
                .query((rs, i) -> new Target(account, region, rs.getString("table_name"), ScalingStore.row(rs),
                        instant(rs.getTimestamp("created_at")), tags(rs.getString("tags")))).list();
        List<ScalingSetting> settings = ScalingStore.withPolicies(jdbc, rows.stream().map(Target::setting).toList());
        List<Target> out = new java.util.ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Target t = rows.get(i);
            out.add(new Target(t.account(), t.region(), t.tableName(), settings.get(i), t.createdAt(), t.tags()));
        }
        return out;
    }

    /** Registers (or updates) a target's bounds; its policies stay. */
    void register(long tableId, String index, String dimension, Long min, Long max, String roleArn, Instant at) {
        jdbc.sql("""
                insert into autoscaling_setting (table_id, index_name, dimension, min_units, max_units, disabled, role_arn, created_at)
                values (?, ?, ?, ?, ?, false, ?, ?)
                on conflict (table_id, index_name, dimension) do update set
                    min_units = coalesce(?, autoscaling_setting.min_units), max_units = coalesce(?, autoscaling_setting.max_units),
                    role_arn = excluded.role_arn, disabled = false""")
                .params(tableId, index, dimension, min, max, roleArn, ts(at), min, max).update();
    }

    boolean deregister(long tableId, String index, String dimension) {
        jdbc.sql("delete from autoscaling_scheduled_action where table_id = ? and index_name = ? and dimension = ?")
                .params(tableId, index, dimension).update();
        return jdbc.sql("delete from autoscaling_setting where table_id = ? and index_name = ? and dimension = ?")
                .params(tableId, index, dimension).update() > 0;
    }

    void setBounds(long tableId, String index, String dimension, Long min, Long max) {
        jdbc.sql("""
                update autoscaling_setting set min_units = coalesce(?, min_units), max_units = coalesce(?, max_units)
                where table_id = ? and index_name = ? and dimension = ?""")
                .params(min, max, tableId, index, dimension).update();
    }

    void setTags(long tableId, String index, String dimension, Map<String, String> tags) {
        jdbc.sql("update autoscaling_setting set tags = ? where table_id = ? and index_name = ? and dimension = ?")
                .params(ModelJson.write(ListTagsForResourceResponse.builder().tags(tags).build()), tableId, index, dimension).update();
    }

    void activity(ScalingSetting s, String description, String cause, Instant at) {
        jdbc.sql("""
                insert into autoscaling_activity (id, table_id, index_name, dimension, description, cause, started_at, ended_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(UUID.randomUUID().toString(), s.tableId(), s.index(), s.dimension(), description, cause, ts(at), ts(at))
                .update();
    }

    /** The activities of the account's targets in the region, newest first. */
    List<Activity> activities(String account, String region) {
        return jdbc.sql("""
                select a.*, t.name as table_name from autoscaling_activity a join ddb_table t on t.id = a.table_id
                where t.account_id = ? and t.region = ? order by a.started_at desc, a.id""")
                .params(account, region)
                .query((rs, i) -> new Activity(rs.getString("id"), rs.getString("table_name"), rs.getString("index_name"),
                        rs.getString("dimension"), rs.getString("description"), rs.getString("cause"),
                        instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("ended_at")))).list();
    }

    void putScheduledAction(ScheduledAction a) {
        jdbc.sql("""
                insert into autoscaling_scheduled_action (table_id, index_name, dimension, name, schedule, timezone,
                    start_time, end_time, min_capacity, max_capacity, created_at, next_run_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (table_id, index_name, dimension, name) do update set schedule = excluded.schedule,
                    timezone = excluded.timezone, start_time = excluded.start_time, end_time = excluded.end_time,
                    min_capacity = excluded.min_capacity, max_capacity = excluded.max_capacity,
                    next_run_at = excluded.next_run_at""")
                .params(a.tableId(), a.index(), a.dimension(), a.name(), a.schedule(), a.timezone(), ts(a.startTime()),
                        ts(a.endTime()), a.minCapacity(), a.maxCapacity(), ts(a.createdAt()), ts(a.nextRunAt()))
                .update();
    }

    boolean deleteScheduledAction(long tableId, String index, String dimension, String name) {
        return jdbc.sql("delete from autoscaling_scheduled_action where table_id = ? and index_name = ? and dimension = ? and name = ?")
                .params(tableId, index, dimension, name).update() > 0;
    }

    private static final String SCHEDULED = """
            select a.*, t.name as table_name, t.account_id, t.region from autoscaling_scheduled_action a
            join ddb_table t on t.id = a.table_id""";

    private static ScheduledAction scheduled(java.sql.ResultSet rs) throws java.sql.SQLException {
        long min = rs.getLong("min_capacity");
        Long minCapacity = rs.wasNull() ? null : min;
        long max = rs.getLong("max_capacity");
        Long maxCapacity = rs.wasNull() ? null : max;
        return new ScheduledAction(rs.getString("account_id"), rs.getString("region"), rs.getString("table_name"),
                rs.getLong("table_id"), rs.getString("index_name"), rs.getString("dimension"), rs.getString("name"),
                rs.getString("schedule"), rs.getString("timezone"), instant(rs.getTimestamp("start_time")),
                instant(rs.getTimestamp("end_time")), minCapacity, maxCapacity, instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("next_run_at")));
    }

    List<ScheduledAction> scheduledActions(String account, String region) {
        return jdbc.sql(SCHEDULED + " where t.account_id = ? and t.region = ? order by t.name, a.name").params(account, region)
                .query((rs, i) -> scheduled(rs)).list();
    }

    /** The scheduled actions due to run by now. */
    List<ScheduledAction> due(Instant now) {
        return jdbc.sql(SCHEDULED + " where a.next_run_at <= ? order by a.next_run_at").param(ts(now))
                .query((rs, i) -> scheduled(rs)).list();
    }

    void ran(ScheduledAction a, Instant next) {
        jdbc.sql("update autoscaling_scheduled_action set next_run_at = ? where table_id = ? and index_name = ? and dimension = ? and name = ?")
                .params(ts(next), a.tableId(), a.index(), a.dimension(), a.name()).update();
    }
}
