package dev.overcast.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overcast.common.config.ServiceDefaultsEnvironmentPostProcessor;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.env.StandardEnvironment;

class GatewayDefaultsTest {

    private final ServiceDefaultsEnvironmentPostProcessor processor = new ServiceDefaultsEnvironmentPostProcessor();

    @Test
    void defaultsRankBelowWhatTheLauncherPasses() {
        StandardEnvironment environment = new StandardEnvironment();
        DefaultPropertiesPropertySource.addOrMerge(Map.of("server.port", "7777"), environment.getPropertySources());
        processor.postProcessEnvironment(environment, new SpringApplication(GatewayApplication.class));
        assertThat(environment.getProperty("server.port")).isEqualTo("7777");
        assertThat(environment.getProperty("overcast.gateway.default-service")).isEqualTo("s3");
        assertThat(environment.getProperty("overcast.gateway.services.dynamodb.target-prefixes")).contains("DynamoDB_20120810");
    }

    @Test
    void portDefaultsTo4566() {
        StandardEnvironment environment = new StandardEnvironment();
        processor.postProcessEnvironment(environment, new SpringApplication(GatewayApplication.class));
        String expected = System.getenv("OVERCAST_PORT") == null ? "4566" : System.getenv("OVERCAST_PORT");
        assertThat(environment.getProperty("server.port")).isEqualTo(expected);
    }

    @Test
    void otherApplicationsAreLeftAlone() {
        StandardEnvironment environment = new StandardEnvironment();
        processor.postProcessEnvironment(environment, new SpringApplication(Object.class));
        assertThat(environment.getProperty("overcast.gateway.default-service")).isNull();
    }
}
