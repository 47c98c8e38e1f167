package dev.overcast.kafka.connector;

import java.time.Instant;
import software.amazon.awssdk.services.kafkaconnect.model.CreateConnectorRequest;

/**
 * A connector as stored.
 *
 * @param spec             what was asked (tags aside), kept current by UpdateConnector
 * @param workerProperties the worker configuration's properties it took at creation (a properties file), or empty
 * @param restPort         its worker's REST API on loopback
 */
public record Connector(String arn, String account, String region, String name, String state, String stateCode,
                        String stateMessage, String currentVersion, Instant created, CreateConnectorRequest spec,
                        String workerProperties, int restPort) {

    /** Its folder under the data directory: the last element of its ARN. */
    public String id() {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }
}
