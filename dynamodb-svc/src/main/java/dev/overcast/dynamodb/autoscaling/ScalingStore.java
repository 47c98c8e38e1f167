package dev.overcast.dynamodb.autoscaling;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Auto scaling settings ({@code autoscaling_setting}) and measured consumption ({@code consumed_capacity}). */
@Repository
class ScalingStore {

    private final JdbcClient jdbc;

    ScalingStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    static ScalingSetting row(ResultSet rs) throws SQLException {
        double target = rs.getDouble("target_value");
        Double targetValue = rs.wasNull() ? null : target;
        int in = rs.getInt("scale_in_cooldown");
        Integer scaleIn = rs.wasNull() ? null : in;
        int out = rs.getInt("scale_out_cooldown");
        Integer scaleOut = rs.wasNull() ? null : out;
        return new ScalingSetting(rs.getLong("table_id"), rs.getString("index_name"), rs.getString("dimension"),
                rs.getLong("min_units"), rs.getLong("max_units"), rs.getBoolean("disabled"), rs.getString("role_arn"),
                rs.getString("policy_name"), targetValue, scaleIn, scaleOut, rs.getBoolean("disable_scale_in"),
                instant(rs.getTimestamp("last_scaled_at")), instant(rs.getTimestamp("last_decrease_at")));
    }

    List<ScalingSetting> of(long tableId) {
        return jdbc.sql("select * from autoscaling_setting where table_id = ? order by index_name, dimension").param(tableId)
                .query((rs, i) -> row(rs)).list();
    }

    List<ScalingSetting> all() {
        return jdbc.sql("select * from autoscaling_setting where not disabled").query((rs, i) -> row(rs)).list();
    }

    List<Long> scaledTables() {
        return jdbc.sql("select distinct table_id from autoscaling_setting where not disabled").query(Long.class).list();
    }

    void put(ScalingSetting s) {
        jdbc.sql("""
                insert into autoscaling_setting (table_id, index_name, dimension, min_units, max_units, disabled, role_arn,
                    policy_name, target_value, scale_in_cooldown, scale_out_cooldown, disable_scale_in)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (table_id, index_name, dimension) do update set min_units = excluded.min_units,
                    max_units = excluded.max_units, disabled = excluded.disabled, role_arn = excluded.role_arn,
                    policy_name = excluded.policy_name, target_value = excluded.target_value,
                    scale_in_cooldown = excluded.scale_in_cooldown, scale_out_cooldown = excluded.scale_out_cooldown,
                    disable_scale_in = excluded.disable_scale_in""")
                .params(s.tableId(), s.index(), s.dimension(), s.min(), s.max(), s.disabled(), s.roleArn(), s.policyName(),
                        s.target(), s.scaleInCooldown(), s.scaleOutCooldown(), s.disableScaleIn())
                .update();
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
