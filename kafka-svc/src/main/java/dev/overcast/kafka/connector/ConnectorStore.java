package dev.overcast.kafka.connector;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.kafka.ConnectErrors;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import software.amazon.awssdk.services.kafkaconnect.model.CreateConnectorRequest;
import software.amazon.awssdk.services.kafkaconnect.model.DescribeConnectorOperationResponse;

/** Connectors and their operations in the schema. */
@Repository
public class ConnectorStore {

    private final JdbcClient jdbc;

    public ConnectorStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a new connector (in the caller's transaction); a name in use is a ConflictException. */
    public void insert(Connector c) {
        int n = jdbc.sql("""
                INSERT INTO connectors (arn, account, region, name, state, current_version, created_at, spec, worker_properties, rest_port)
                VALUES (:arn, :account, :region, :name, :state, :version, :created, :spec, :worker, :port)
                ON CONFLICT (account, region, name) DO NOTHING""")
                .param("arn", c.arn()).param("account", c.account()).param("region", c.region()).param("name", c.name())
                .param("state", c.state()).param("version", c.currentVersion()).param("created", Timestamp.from(c.created()))
                .param("spec", ModelJson.write(c.spec())).param("worker", c.workerProperties()).param("port", c.restPort())
                .update();
        if (n == 0) {
            throw ConnectErrors.conflict("A connector with the name " + c.name() + " already exists.");
        }
    }

    public Optional<Connector> find(String arn) {
        return jdbc.sql("SELECT * FROM connectors WHERE arn = :arn").param("arn", arn == null ? "" : arn)
                .query(ConnectorStore::connector).optional();
    }

    public Connector require(String account, String region, String arn) {
        return find(arn).filter(c -> c.account().equals(account) && c.region().equals(region))
                .orElseThrow(() -> ConnectErrors.notFound("connector", arn));
    }

    public List<Connector> list(String account, String region, String namePrefix) {
        return jdbc.sql("""
                SELECT * FROM connectors WHERE account = :account AND region = :region AND starts_with(name, :prefix)
                ORDER BY created_at, arn""")
                .param("account", account).param("region", region).param("prefix", namePrefix == null ? "" : namePrefix)
                .query(ConnectorStore::connector).list();
    }

    public List<Connector> all() {
        return jdbc.sql("SELECT * FROM connectors ORDER BY created_at").query(ConnectorStore::connector).list();
    }

    /** Moves the connector from {@code from} to {@code to}; false when it was not in {@code from} any more. */
    public boolean transition(String arn, String from, String to, String code, String message) {
        return jdbc.sql("""
                UPDATE connectors SET state = :to, state_code = :code, state_message = :message
                WHERE arn = :arn AND state = :from""")
                .param("to", to).param("code", code).param("message", message).param("arn", arn).param("from", from)
                .update() > 0;
    }

    /**
     * Starts an update of a RUNNING connector whose current version is {@code expectedVersion}: the new spec, UPDATING,
     * a new version. A stale version or a connector not RUNNING is refused, and nothing changes.
     */
    public Connector beginUpdate(Connector c, String expectedVersion, CreateConnectorRequest spec, String version) {
        int n = jdbc.sql("""
                UPDATE connectors SET spec = :spec, state = 'UPDATING', state_code = NULL, state_message = NULL,
                                      current_version = :version
                WHERE arn = :arn AND current_version = :expected AND state = 'RUNNING'""")
                .param("spec", ModelJson.write(spec)).param("version", version).param("arn", c.arn())
                .param("expected", expectedVersion).update();
        if (n == 0) {
            throw refusal(c.arn(), expectedVersion, "updated only when it is RUNNING");
        }
        return find(c.arn()).orElseThrow();
    }

    /** Marks the connector DELETING (from any other state), checking the version when one is given. */
    public void beginDelete(Connector c, String expectedVersion) {
        int n = jdbc.sql("""
                UPDATE connectors SET state = 'DELETING', state_code = NULL, state_message = NULL
                WHERE arn = :arn AND state <> 'DELETING' AND (CAST(:expected AS text) IS NULL OR current_version = :expected)""")
                .param("arn", c.arn()).param("expected", expectedVersion).update();
        if (n == 0) {
            throw refusal(c.arn(), expectedVersion, "deleted only once");
        }
    }

    /** Why a change is refused: the version is stale, or the state does not allow it. */
    private RuntimeException refusal(String arn, String expectedVersion, String rule) {
        Connector now = find(arn).orElseThrow(() -> ConnectErrors.notFound("connector", arn));
        if (expectedVersion != null && !expectedVersion.equals(now.currentVersion())) {
            return ConnectErrors.badRequest("The version " + expectedVersion + " is not the current version of connector "
                    + arn + ". Describe the connector to get its current version.");
        }
        return ConnectErrors.badRequest("The connector " + arn + " is in state " + now.state() + "; it can be " + rule + ".");
    }

    public void delete(String arn) {
        jdbc.sql("DELETE FROM connectors WHERE arn = :arn").param("arn", arn).update();
    }

    /** Whether a connector, custom plugin or worker configuration of that ARN exists in the account and region. */
    public boolean resourceExists(String account, String region, String arn) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM connectors WHERE arn = :arn AND account = :account AND region = :region)
                    OR EXISTS (SELECT 1 FROM custom_plugins WHERE arn = :arn AND account = :account AND region = :region)
                    OR EXISTS (SELECT 1 FROM worker_configurations WHERE arn = :arn AND account = :account AND region = :region)""")
                .param("arn", arn).param("account", account).param("region", region).query(Boolean.class).single();
    }

    /** Records or rewrites an operation. */
    public void saveOperation(DescribeConnectorOperationResponse op) {
        jdbc.sql("""
                INSERT INTO connector_operations (arn, connector_arn, created_at, body) VALUES (:arn, :connector, :created, :body)
                ON CONFLICT (arn) DO UPDATE SET body = EXCLUDED.body""")
                .param("arn", op.connectorOperationArn()).param("connector", op.connectorArn())
                .param("created", Timestamp.from(op.creationTime())).param("body", ModelJson.write(op)).update();
    }

    public Optional<DescribeConnectorOperationResponse> operation(String arn) {
        return jdbc.sql("SELECT body FROM connector_operations WHERE arn = :arn").param("arn", arn == null ? "" : arn)
                .query(String.class).optional().map(b -> ModelJson.read(b, DescribeConnectorOperationResponse.class));
    }

    /** The connector's operations, newest first. */
    public List<DescribeConnectorOperationResponse> operations(String connectorArn) {
        return jdbc.sql("SELECT body FROM connector_operations WHERE connector_arn = :arn ORDER BY created_at DESC, arn")
                .param("arn", connectorArn).query(String.class).list().stream()
                .map(b -> ModelJson.read(b, DescribeConnectorOperationResponse.class)).toList();
    }

    private static Connector connector(ResultSet rs, int row) throws SQLException {
        return new Connector(rs.getString("arn"), rs.getString("account"), rs.getString("region"), rs.getString("name"),
                rs.getString("state"), rs.getString("state_code"), rs.getString("state_message"),
                rs.getString("current_version"), rs.getTimestamp("created_at").toInstant(),
                ModelJson.read(rs.getString("spec"), CreateConnectorRequest.class), rs.getString("worker_properties"),
                rs.getInt("rest_port"));
    }
}
