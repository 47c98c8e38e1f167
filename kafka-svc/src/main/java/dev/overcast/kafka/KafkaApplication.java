package dev.overcast.kafka;

import dev.overcast.common.config.ServiceDefaults;
import dev.overcast.common.protocol.AwsApiDescriptor;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.services.kafka.KafkaClient;
import software.amazon.awssdk.services.kafkaconnect.KafkaConnectClient;

/**
 * Amazon MSK (API {@code kafka}): REST-JSON on its own port (default 4574), its own schema {@code kafka}; clusters are
 * real Apache Kafka brokers in KRaft mode, child JVMs started through common's engine launcher. MSK Connect
 * (API {@code kafkaconnect}) is served here too: its connectors run on Kafka Connect workers, child JVMs as well.
 */
@SpringBootApplication
@ServiceDefaults({"overcast-service.properties", "overcast-kafka.properties"})
public class KafkaApplication {

    public static void main(String[] args) {
        builder().run(args);
    }

    /** The application as the sandbox, the tests and {@code main} start it. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(KafkaApplication.class).web(WebApplicationType.SERVLET);
    }

    @Bean
    AwsApiDescriptor kafkaApi() {
        return AwsApiDescriptor.restJson("kafka", "kafka", KafkaClient.class);
    }

    /** MSK Connect (API {@code kafkaconnect}): connectors on real Kafka Connect workers, served beside MSK. */
    @Bean
    AwsApiDescriptor kafkaConnectApi() {
        return AwsApiDescriptor.restJson("kafkaconnect", "kafkaconnect", KafkaConnectClient.class);
    }
}
