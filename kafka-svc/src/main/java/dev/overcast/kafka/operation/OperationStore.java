package dev.overcast.kafka.operation;

import dev.overcast.common.protocol.json.ModelJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import software.amazon.awssdk.services.kafka.model.MutableClusterInfo;

/** Cluster operations (updates, reboots) with their steps, as ListClusterOperations reports them. */
@Repository
public class OperationStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcClient jdbc;

    public OperationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One operation.
     *
     * @param steps step name → its status (PENDING, IN_PROGRESS, SUCCEEDED, FAILED), in order
     */
    public record StoredOperation(String arn, String clusterArn, String account, String region, String type, String state,
                                  Instant created, Instant ended, MutableClusterInfo source, MutableClusterInfo target,
                                  Map<String, String> steps, String errorCode, String errorMessage) {
    }

    /** Records a new operation, PENDING, its steps all PENDING (called in the caller's transaction). */
    public void create(StoredOperation op) {
        jdbc.sql("""
                INSERT INTO operations (arn, cluster_arn, account, region, operation_type, state, created_at, source_info, target_info, steps)
                VALUES (:arn, :cluster, :account, :region, :type, :state, :created, :source, :target, :steps)""")
                .param("arn", op.arn()).param("cluster", op.clusterArn()).param("account", op.account())
                .param("region", op.region()).param("type", op.type()).param("state", op.state())
                .param("created", Timestamp.from(op.created())).param("source", ModelJson.write(op.source()))
                .param("target", ModelJson.write(op.target())).param("steps", json(op.steps())).update();
    }

    /** Marks a step (and the operation UPDATE_IN_PROGRESS). */
    public void step(String arn, String step, String status) {
        StoredOperation op = find(arn).orElseThrow();
        Map<String, String> steps = new LinkedHashMap<>(op.steps());
        steps.put(step, status);
        jdbc.sql("UPDATE operations SET steps = :steps, state = 'UPDATE_IN_PROGRESS' WHERE arn = :arn")
                .param("steps", json(steps)).param("arn", arn).update();
    }

    /** Ends the operation: UPDATE_COMPLETE, or UPDATE_FAILED with an error. */
    public void finish(String arn, Instant at, String errorCode, String errorMessage) {
        jdbc.sql("""
                UPDATE operations SET state = :state, end_at = :at, error_code = :code, error_message = :message
                WHERE arn = :arn""")
                .param("state", errorCode == null ? "UPDATE_COMPLETE" : "UPDATE_FAILED").param("at", Timestamp.from(at))
                .param("code", errorCode).param("message", errorMessage).param("arn", arn).update();
    }

    public Optional<StoredOperation> find(String arn) {
        return jdbc.sql("SELECT * FROM operations WHERE arn = :arn").param("arn", arn).query(OperationStore::operation).optional();
    }

    public List<StoredOperation> forCluster(String clusterArn) {
        return jdbc.sql("SELECT * FROM operations WHERE cluster_arn = :cluster ORDER BY created_at DESC, arn")
                .param("cluster", clusterArn).query(OperationStore::operation).list();
    }

    /** Operations left unfinished by a stop of the service (they are failed: their brokers restart as they were). */
    public List<StoredOperation> unfinished() {
        return jdbc.sql("SELECT * FROM operations WHERE state IN ('PENDING', 'UPDATE_IN_PROGRESS')").query(OperationStore::operation).list();
    }

    private static StoredOperation operation(ResultSet rs, int row) throws SQLException {
        Timestamp end = rs.getTimestamp("end_at");
        return new StoredOperation(rs.getString("arn"), rs.getString("cluster_arn"), rs.getString("account"),
                rs.getString("region"), rs.getString("operation_type"), rs.getString("state"),
                rs.getTimestamp("created_at").toInstant(), end == null ? null : end.toInstant(),
                ModelJson.read(rs.getString("source_info"), MutableClusterInfo.class),
                ModelJson.read(rs.getString("target_info"), MutableClusterInfo.class), steps(rs.getString("steps")),
                rs.getString("error_code"), rs.getString("error_message"));
    }

    private static String json(Map<String, String> steps) {
        List<Map<String, String>> list = new ArrayList<>();
        steps.forEach((k, v) -> list.add(Map.of("name", k, "status", v)));
        try {
            return JSON.writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> steps(String json) {
        try {
            Map<String, String> steps = new LinkedHashMap<>();
            for (Map<String, String> s : JSON.readValue(json, new TypeReference<List<Map<String, String>>>() { })) {
                steps.put(s.get("name"), s.get("status"));
            }
            return steps;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
