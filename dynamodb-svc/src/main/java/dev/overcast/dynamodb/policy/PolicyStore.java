package dev.overcast.dynamodb.policy;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Resource-based policies in {@code dynamodb.resource_policy}, by resource ARN, with their revision ids. */
@Repository
public class PolicyStore {

    /** A stored policy. */
    public record Stored(String policy, String revisionId) {
    }

    private final JdbcClient jdbc;

    public PolicyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Stored> get(String resourceArn) {
        return jdbc.sql("select policy, revision_id from resource_policy where resource_arn = ?").param(resourceArn)
                .query((rs, i) -> new Stored(rs.getString(1), rs.getString(2))).optional();
    }

    /** Locks and reads the resource's policy (for a conditional update). */
    public Optional<Stored> lock(String resourceArn) {
        return jdbc.sql("select policy, revision_id from resource_policy where resource_arn = ? for update").param(resourceArn)
                .query((rs, i) -> new Stored(rs.getString(1), rs.getString(2))).optional();
    }

    public void put(String resourceArn, long tableId, String policy, String revisionId) {
        jdbc.sql("""
                insert into resource_policy (resource_arn, table_id, policy, revision_id) values (?, ?, ?, ?)
                on conflict (resource_arn) do update set policy = excluded.policy, revision_id = excluded.revision_id""")
                .params(resourceArn, tableId, policy, revisionId).update();
    }

    public void delete(String resourceArn) {
        jdbc.sql("delete from resource_policy where resource_arn = ?").param(resourceArn).update();
    }
}
