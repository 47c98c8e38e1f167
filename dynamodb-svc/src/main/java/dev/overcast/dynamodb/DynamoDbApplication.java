package dev.overcast.dynamodb;

import dev.overcast.common.config.ServiceDefaults;
import dev.overcast.common.protocol.AwsApiDescriptor;
import dev.overcast.common.protocol.Protocol;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The DynamoDB service (and DynamoDB Streams): JSON 1.0 on its own port (default 4569), its own schema {@code dynamodb}. */
@SpringBootApplication
@EnableScheduling
@ServiceDefaults({"overcast-service.properties", "overcast-dynamodb.properties"})
public class DynamoDbApplication {

    public static void main(String[] args) {
        builder().run(args);
    }

    /** The application as the sandbox, the tests and {@code main} start it. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(DynamoDbApplication.class).web(WebApplicationType.SERVLET);
    }

    @Bean
    AwsApiDescriptor dynamoDbApi() {
        return AwsApiDescriptor.jsonRpc("dynamodb", "dynamodb", Protocol.AWS_JSON_1_0, "DynamoDB_20120810",
                DynamoDbClient.class, "com.amazonaws.dynamodb.v20120810#");
    }

    /** Application Auto Scaling, for the tables' provisioned capacity (autoscaling.ApplicationAutoScalingApi). */
    @Bean
    AwsApiDescriptor applicationAutoScalingDescriptor() {
        return AwsApiDescriptor.jsonRpc("application-autoscaling", "application-autoscaling", Protocol.AWS_JSON_1_1,
                "AnyScaleFrontendService", ApplicationAutoScalingClient.class, "");
    }

    @Bean
    AwsApiDescriptor dynamoDbStreamsApi() {
        return AwsApiDescriptor.jsonRpc("dynamodbstreams", "dynamodb", Protocol.AWS_JSON_1_0,
                "DynamoDBStreams_20120810", DynamoDbStreamsClient.class, "com.amazonaws.dynamodb.v20120810#");
    }
}
