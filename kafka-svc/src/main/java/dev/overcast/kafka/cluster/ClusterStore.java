package dev.overcast.kafka.cluster;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.common.db.EmbeddedPostgresServer;
import dev.overcast.common.error.AwsException;
import dev.overcast.kafka.Arns;
import dev.overcast.kafka.KafkaErrors;
import dev.overcast.kafka.broker.BrokerLayout.Broker;
import dev.overcast.kafka.operation.OperationApi;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import software.amazon.awssdk.services.kafka.model.ProvisionedRequest;
import software.amazon.awssdk.services.kafka.model.ServerlessRequest;
import software.amazon.awssdk.services.kafka.model.StateInfo;

/** Clusters and their brokers' recorded ports in the schema. */
@Repository
public class ClusterStore implements OperationApi.ClusterCheck {

    private final JdbcClient jdbc;

    public ClusterStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a new cluster and its brokers (in the caller's transaction); a name in use is a ConflictException. */
    public void insert(Cluster c, List<Broker> brokers) {
        int n = jdbc.sql("""
                INSERT INTO clusters (arn, account, region, name, cluster_type, state, current_version, created_at, spec)
                VALUES (:arn, :account, :region, :name, :type, :state, :version, :created, :spec)
                ON CONFLICT (account, region, name) DO NOTHING""")
                .param("arn", c.arn()).param("account", c.account()).param("region", c.region()).param("name", c.name())
                .param("type", c.type()).param("state", c.state()).param("version", c.currentVersion())
                .param("created", Timestamp.from(c.created())).param("spec", spec(c)).update();
        if (n == 0) {
            throw KafkaErrors.conflict("clusterName", "A cluster with the name " + c.name() + " already exists.");
        }
        addBrokers(c.arn(), brokers);
    }

    public void addBrokers(String arn, List<Broker> brokers) {
        for (Broker b : brokers) {
            jdbc.sql("""
                    INSERT INTO brokers (cluster_arn, broker_id, port, scram_port, controller_port, tls_port, iam_port)
                    VALUES (:arn, :id, :port, :scram, :controller, :tls, :iam)""")
                    .param("arn", arn).param("id", b.id()).param("port", b.port()).param("scram", b.scramPort())
                    .param("controller", b.controllerPort()).param("tls", b.tlsPort()).param("iam", b.iamPort()).update();
        }
    }

    public Optional<Cluster> find(String arn) {
        return jdbc.sql("SELECT * FROM clusters WHERE arn = :arn").param("arn", arn).query(ClusterStore::cluster).optional();
    }

    public Cluster require(RequestCaller caller, String arn) {
        return find(arn == null ? "" : arn).filter(c -> c.account().equals(caller.account()) && c.region().equals(caller.region()))
                .orElseThrow(() -> KafkaErrors.clusterNotFound(arn));
    }

    @Override
    public void require(String account, String region, String clusterArn) {
        require(new RequestCaller(account, region), clusterArn);
    }

    /** Who asks: the account and region of a request. */
    public record RequestCaller(String account, String region) {
    }

    public List<Cluster> list(String account, String region) {
        return jdbc.sql("SELECT * FROM clusters WHERE account = :account AND region = :region ORDER BY created_at, arn")
                .param("account", account).param("region", region).query(ClusterStore::cluster).list();
    }

    public List<Cluster> all() {
        return jdbc.sql("SELECT * FROM clusters ORDER BY created_at").query(ClusterStore::cluster).list();
    }

    /** The cluster's brokers; brokers recorded before the TLS and IAM listeners existed get their ports now. */
    public List<Broker> brokers(String arn) {
        jdbc.sql("SELECT broker_id FROM brokers WHERE cluster_arn = :arn AND (tls_port IS NULL OR iam_port IS NULL)")
                .param("arn", arn).query(Integer.class).list().forEach(id -> jdbc.sql("""
                        UPDATE brokers SET tls_port = COALESCE(tls_port, :tls), iam_port = COALESCE(iam_port, :iam)
                        WHERE cluster_arn = :arn AND broker_id = :id""")
                        .param("tls", EmbeddedPostgresServer.freePort()).param("iam", EmbeddedPostgresServer.freePort())
                        .param("arn", arn).param("id", id).update());
        return jdbc.sql("SELECT * FROM brokers WHERE cluster_arn = :arn ORDER BY broker_id").param("arn", arn)
                .query((rs, i) -> new Broker(rs.getInt("broker_id"), rs.getInt("port"), rs.getInt("scram_port"),
                        (Integer) rs.getObject("controller_port"), rs.getInt("tls_port"), rs.getInt("iam_port"))).list();
    }

    /** Sets the state (and its info) whatever it was. */
    public void setState(String arn, String state, StateInfo info, String activeOperation) {
        jdbc.sql("UPDATE clusters SET state = :state, state_info = :info, active_operation = :op WHERE arn = :arn")
                .param("state", state).param("info", ModelJson.write(info)).param("op", activeOperation).param("arn", arn).update();
    }

    /** Moves the cluster from state {@code from} to {@code to}; false when it was not in {@code from} any more. */
    public boolean transition(String arn, String from, String to, StateInfo info) {
        return jdbc.sql("UPDATE clusters SET state = :to, state_info = :info, active_operation = NULL WHERE arn = :arn AND state = :from")
                .param("to", to).param("info", ModelJson.write(info)).param("arn", arn).param("from", from).update() > 0;
    }

    /**
     * Starts a change of an ACTIVE cluster whose CurrentVersion is {@code expectedVersion}: the new settings, the state
     * while it runs, a new CurrentVersion, the operation. A stale version or a cluster not ACTIVE is MSK's
     * BadRequestException, and nothing changes.
     */
    public Cluster beginChange(Cluster c, String expectedVersion, ProvisionedRequest target, String state, String operationArn) {
        String version = Arns.newVersion();
        int n = jdbc.sql("""
                UPDATE clusters SET spec = :spec, state = :state, state_info = NULL, current_version = :version, active_operation = :op
                WHERE arn = :arn AND current_version = :expected AND state = 'ACTIVE'""")
                .param("spec", ModelJson.write(target)).param("state", state).param("version", version)
                .param("op", operationArn).param("arn", c.arn()).param("expected", expectedVersion).update();
        if (n == 0) {
            throw refusal(find(c.arn()).orElseThrow(() -> KafkaErrors.clusterNotFound(c.arn())), expectedVersion);
        }
        return find(c.arn()).orElseThrow();
    }

    /** Why a change is refused: the cluster is not ACTIVE, or the version is stale. */
    static AwsException refusal(Cluster now, String expectedVersion) {
        if (!"ACTIVE".equals(now.state())) {
            return KafkaErrors.notActive(now.arn(), now.state());
        }
        return KafkaErrors.staleVersion(expectedVersion);
    }

    /** Changes only the version (and the policy or other things not in the spec), for tracking without an operation. */
    public void setPolicy(String arn, String policy, String version) {
        jdbc.sql("UPDATE clusters SET policy = :policy, policy_version = :version WHERE arn = :arn")
                .param("policy", policy).param("version", version).param("arn", arn).update();
    }

    public Optional<String[]> policy(String arn) {
        return jdbc.sql("SELECT policy, policy_version FROM clusters WHERE arn = :arn AND policy IS NOT NULL").param("arn", arn)
                .query((rs, i) -> new String[] {rs.getString(1), rs.getString(2)}).optional();
    }

    public void delete(String arn) {
        jdbc.sql("DELETE FROM clusters WHERE arn = :arn").param("arn", arn).update();
    }

    private static String spec(Cluster c) {
        return ModelJson.write(c.isServerless() ? c.serverless() : c.provisioned());
    }

    private static Cluster cluster(ResultSet rs, int row) throws SQLException {
        String type = rs.getString("cluster_type");
        String spec = rs.getString("spec");
        boolean serverless = Cluster.SERVERLESS.equals(type);
        return new Cluster(rs.getString("arn"), rs.getString("account"), rs.getString("region"), rs.getString("name"), type,
                rs.getString("state"), ModelJson.read(rs.getString("state_info"), StateInfo.class),
                rs.getString("current_version"), rs.getTimestamp("created_at").toInstant(),
                serverless ? null : ModelJson.read(spec, ProvisionedRequest.class),
                serverless ? ModelJson.read(spec, ServerlessRequest.class) : null, rs.getString("active_operation"));
    }
}
