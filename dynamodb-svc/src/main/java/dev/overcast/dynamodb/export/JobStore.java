package dev.overcast.dynamodb.export;

import dev.overcast.common.protocol.json.ModelJson;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The rows of exports ({@code table_export}) or imports ({@code table_import}): each its ARN, scope, table, status,
 * client token (and a fingerprint of the request it came with) and the description DynamoDB returns for it.
 */
public final class JobStore<D> {

    /** A stored export or import. */
    public record Row<D>(String arn, String account, String region, String status, String clientToken, String fingerprint,
                         D description) {
    }

    private final JdbcClient jdbc;
    private final String table;
    private final Class<D> type;

    public JobStore(JdbcClient jdbc, String table, Class<D> type) {
        this.jdbc = jdbc;
        this.table = table;
        this.type = type;
    }

    private Row<D> row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row<>(rs.getString("arn"), rs.getString("account_id"), rs.getString("region"), rs.getString("status"),
                rs.getString("client_token"), rs.getString("fingerprint"), ModelJson.read(rs.getString("description"), type));
    }

    public void insert(String arn, String account, String region, String tableArn, String status, String clientToken,
                       String fingerprint, D description, Instant createdAt) {
        jdbc.sql("insert into " + table + " (arn, account_id, region, table_arn, status, client_token, fingerprint, description, created_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(arn, account, region, tableArn, status, clientToken, fingerprint, ModelJson.write(description),
                        Timestamp.from(createdAt))
                .update();
    }

    public Optional<Row<D>> find(String account, String region, String arn) {
        return jdbc.sql("select * from " + table + " where arn = ? and account_id = ? and region = ?")
                .params(arn, account, region).query((rs, i) -> row(rs)).optional();
    }

    /** The export or import a client token started within the idempotency window (8 hours), if any. */
    public Optional<Row<D>> byToken(String account, String region, String clientToken, Instant since) {
        return jdbc.sql("select * from " + table + " where account_id = ? and region = ? and client_token = ? and created_at > ?"
                        + " order by created_at desc limit 1")
                .params(account, region, clientToken, Timestamp.from(since)).query((rs, i) -> row(rs)).optional();
    }

    /** A page of the account's exports or imports in the order they were started, after the given ARN, of one table if given. */
    public List<Row<D>> page(String account, String region, String tableArn, String afterArn, int limit) {
        return jdbc.sql("select * from " + table + " where account_id = ? and region = ? and (cast(? as text) is null or table_arn = ?)"
                        + " and (cast(? as text) is null or (created_at, arn) > (select created_at, arn from " + table + " where arn = ?))"
                        + " order by created_at, arn limit ?")
                .params(account, region, tableArn, tableArn, afterArn, afterArn, limit).query((rs, i) -> row(rs)).list();
    }

    /** Those still IN_PROGRESS (for the job). */
    public List<Row<D>> inProgress() {
        return jdbc.sql("select * from " + table + " where status = 'IN_PROGRESS' order by created_at")
                .query((rs, i) -> row(rs)).list();
    }

    /** Stores the new status and description. */
    public void update(String arn, String status, D description) {
        jdbc.sql("update " + table + " set status = ?, description = ? where arn = ?")
                .params(status, ModelJson.write(description), arn).update();
    }

    /** An export's or import's id: the time in milliseconds (14 digits), a dash and eight hex digits, as DynamoDB's. */
    public static String newId(Instant now) {
        return String.format("%014d-%08x", now.toEpochMilli(), java.util.concurrent.ThreadLocalRandom.current().nextInt());
    }
}
