package dev.overcast.dynamodb.autoscaling;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Auto scaling settings ({@code autoscaling_setting}) with their policies ({@code autoscaling_policy}), and measured
 * consumption ({@code consumed_capacity}).
 */
@Repository
class ScalingStore {

    private final JdbcClient jdbc;

    ScalingStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** A setting as its row has it, without its policies ({@link #withPolicies}). */
    static ScalingSetting row(ResultSet rs) throws SQLException {
        return new ScalingSetting(rs.getLong("table_id"), rs.getString("index_name"), rs.getString("dimension"),
                rs.getLong("min_units"), rs.getLong("max_units"), rs.getBoolean("disabled"), rs.getString("role_arn"),
                List.of(), instant(rs.getTimestamp("last_scaled_at")), instant(rs.getTimestamp("last_decrease_at")));
    }

    private record Key(long tableId, String index, String dimension) {
    }

    /** The settings with their policies (in the order they were created), read in one statement. */
    static List<ScalingSetting> withPolicies(JdbcClient jdbc, List<ScalingSetting> settings) {
        if (settings.isEmpty()) {
            return settings;
        }
        Long[] ids = settings.stream().map(ScalingSetting::tableId).distinct().toArray(Long[]::new);
        Map<Key, List<ScalingSetting.Policy>> policies = new HashMap<>();
        jdbc.sql("select * from autoscaling_policy where table_id = any(?) order by created_at, policy_name").param(ids)
                .query((rs, i) -> {
                    int in = rs.getInt("scale_in_cooldown");
                    Integer scaleIn = rs.wasNull() ? null : in;
                    int out = rs.getInt("scale_out_cooldown");
                    Integer scaleOut = rs.wasNull() ? null : out;
                    policies.computeIfAbsent(new Key(rs.getLong("table_id"), rs.getString("index_name"),
                            rs.getString("dimension")), k -> new ArrayList<>()).add(new ScalingSetting.Policy(
                            rs.getString("policy_name"), rs.getDouble("target_value"), scaleIn, scaleOut,
                            rs.getBoolean("disable_scale_in"), instant(rs.getTimestamp("created_at"))));
                    return null;
                }).list();
        return settings.stream().map(s -> s.withPolicies(policies.getOrDefault(new Key(s.tableId(), s.index(),
                s.dimension()), List.of()))).toList();
    }

    List<ScalingSetting> of(long tableId) {
        return withPolicies(jdbc, jdbc.sql("select * from autoscaling_setting where table_id = ? order by index_name, dimension")
                .param(tableId).query((rs, i) -> row(rs)).list());
    }

    List<ScalingSetting> all() {
        return withPolicies(jdbc, jdbc.sql("select * from autoscaling_setting where not disabled").query((rs, i) -> row(rs)).list());
    }

    List<Long> scaledTables() {
        return jdbc.sql("select distinct table_id from autoscaling_setting where not disabled").query(Long.class).list();
    }

    /** Stores a setting's bounds and state (its policies: {@link #putPolicy}). */
    void put(ScalingSetting s) {
        jdbc.sql("""
                insert into autoscaling_setting (table_id, index_name, dimension, min_units, max_units, disabled, role_arn)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict (table_id, index_name, dimension) do update set min_units = excluded.min_units,
                    max_units = excluded.max_units, disabled = excluded.disabled, role_arn = excluded.role_arn""")
                .params(s.tableId(), s.index(), s.dimension(), s.min(), s.max(), s.disabled(), s.roleArn())
                .update();
    }

    /** Creates or replaces (by name) a policy of the setting's target; a replaced one keeps its creation time. */
    void putPolicy(ScalingSetting s, ScalingSetting.Policy p, Instant at) {
        jdbc.sql("""
                insert into autoscaling_policy (table_id, index_name, dimension, policy_name, target_value,
                    scale_in_cooldown, scale_out_cooldown, disable_scale_in, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (table_id, index_name, dimension, policy_name) do update set
                    target_value = excluded.target_value, scale_in_cooldown = excluded.scale_in_cooldown,
                    scale_out_cooldown = excluded.scale_out_cooldown, disable_scale_in = excluded.disable_scale_in""")
                .params(s.tableId(), s.index(), s.dimension(), p.name(), p.target(), p.scaleInCooldown(),
                        p.scaleOutCooldown(), p.disableScaleIn(), Timestamp.from(at))
                .update();
    }

    /** Deletes a policy of the target; false when it has none of that name. */
    boolean deletePolicy(long tableId, String index, String dimension, String name) {
        return jdbc.sql("delete from autoscaling_policy where table_id = ? and index_name = ? and dimension = ? and policy_name = ?")
                .params(tableId, index, dimension, name).update() > 0;
    }

    /** How many policies the target has. */
    int policyCount(long tableId, String index, String dimension) {
        return jdbc.sql("select count(*) from autoscaling_policy where table_id = ? and index_name = ? and dimension = ?")
                .params(tableId, index, dimension).query(Integer.class).single();
    }

    void scaled(ScalingSetting s, Instant at, boolean decrease) {
        jdbc.sql("update autoscaling_setting set last_scaled_at = ?, last_decrease_at = case when ? then ? else last_decrease_at end "
                        + "where table_id = ? and index_name = ? and dimension = ?")
                .params(Timestamp.from(at), decrease, Timestamp.from(at), s.tableId(), s.index(), s.dimension()).update();
    }

    /** Records measured consumption ("table id/index/R|W" → units) at a time. */
    void record(Map<String, Double> consumed, Instant at) {
        consumed.forEach((key, units) -> {
            String[] k = key.split("/", 3);
            jdbc.sql("insert into consumed_capacity (table_id, index_name, dimension, at, units) "
                            + "select ?, ?, ?, ?, ? where exists (select 1 from ddb_table where id = ?)")
                    .params(Long.parseLong(k[0]), k[1], k[2], Timestamp.from(at), units, Long.parseLong(k[0])).update();
        });
    }

    /** Units consumed since the given time. */
    double consumedSince(ScalingSetting s, Instant since) {
        return jdbc.sql("select coalesce(sum(units), 0) from consumed_capacity where table_id = ? and index_name = ? "
                        + "and dimension = ? and at > ?")
                .params(s.tableId(), s.index(), s.dimension(), Timestamp.from(since)).query(Double.class).single();
    }

    void prune(Instant before) {
        jdbc.sql("delete from consumed_capacity where at < ?").param(Timestamp.from(before)).update();
    }
}
