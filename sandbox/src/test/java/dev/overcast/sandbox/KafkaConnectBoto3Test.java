package dev.overcast.sandbox;

import dev.overcast.common.testing.Boto3Scenario;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * MSK Connect through the sandbox's gateway with boto3's {@code kafkaconnect} client (msk_connect.py): worker
 * configurations created, described, listed and deleted, connectors and custom plugins listed, MSK Connect's
 * BadRequestException and NotFoundException.
 */
class KafkaConnectBoto3Test {

    @Test
    void boto3ReachesMskConnectThroughTheGateway() throws Exception {
        Boto3Scenario.run(KafkaConnectBoto3Test.class, "msk_connect.py", URI.create(SharedSandbox.get().endpoint()));
    }
}
