package dev.overcast.flink.application;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overcast.common.api.RawJsonResponse;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.error.CommonErrors;
import dev.overcast.common.protocol.json.JsonRpcCodec;
import dev.overcast.common.protocol.json.ModelJson;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkResponse;

/**
 * What AWS added to the API after the served 2.20.0 SDK model: ApplicationSystemRollbackConfiguration (read from the
 * request members beyond the model, written into the description's JSON) and the OperationId of Start, Stop, Update
 * and Rollback responses. Both travel as JSON text beside the model's members (the API is JSON only).
 */
public final class SystemRollback {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SystemRollback() {
    }

    /** CreateApplication's ApplicationConfiguration.ApplicationSystemRollbackConfiguration.RollbackEnabled, if given. */
    public static Optional<Boolean> onCreate() {
        return requested("/ApplicationConfiguration/ApplicationSystemRollbackConfiguration", "RollbackEnabled",
                "applicationConfiguration.applicationSystemRollbackConfiguration.rollbackEnabled");
    }

    /** UpdateApplication's ApplicationConfigurationUpdate.ApplicationSystemRollbackConfigurationUpdate, if given. */
    public static Optional<Boolean> onUpdate() {
        return requested("/ApplicationConfigurationUpdate/ApplicationSystemRollbackConfigurationUpdate", "RollbackEnabledUpdate",
                "applicationConfigurationUpdate.applicationSystemRollbackConfigurationUpdate.rollbackEnabledUpdate");
    }

    private static Optional<Boolean> requested(String pointer, String member, String path) {
        String json = JsonRpcCodec.membersBeyondModel().get(pointer);
        if (json == null) {
            return Optional.empty();
        }
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (IOException e) {
            throw CommonErrors.serialization("Could not parse " + pointer);
        }
        if (n.isNull()) {
            return Optional.empty();
        }
        JsonNode v = n.get(member);
        if (!n.isObject() || v == null || v.isNull()) {
            throw CommonErrors.validation(java.util.List.of("Value null at '" + path
                    + "' failed to satisfy constraint: Member must not be null"));
        }
        if (!v.isBoolean()) {
            throw CommonErrors.serialization("Expected a Boolean for " + member + ", got " + v);
        }
        return Optional.of(v.booleanValue());
    }

    /**
     * A response carrying the application's description with its ApplicationSystemRollbackConfigurationDescription
     * (when the response has an ApplicationDetail member) and the operation's id (when there is one).
     */
    public static <R extends SdkResponse> RawJsonResponse<R> respond(RequestContext ctx, R response, Application app,
                                                                     String operationId) {
        if (!RawJsonResponse.accepted(ctx)) {
            return RawJsonResponse.of(response);
        }
        Map<String, String> raw = new LinkedHashMap<>();
        if (app != null) {
            raw.put("ApplicationDetail", detail(app));
        }
        if (operationId != null) {
            raw.put("OperationId", JSON.getNodeFactory().textNode(operationId).toString());
        }
        return new RawJsonResponse<>(response, raw);
    }

    private static String detail(Application app) {
        try {
            ObjectNode d = (ObjectNode) JSON.readTree(ModelJson.write(app.describe()));
            d.withObject("/ApplicationConfigurationDescription").putObject("ApplicationSystemRollbackConfigurationDescription")
                    .put("RollbackEnabled", app.systemRollback());
            return d.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
