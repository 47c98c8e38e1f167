package dev.overcast.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sandbox's settings from its environment variables. */
class SandboxOptionsTest {

    @Test
    void eachServiceHasItsDefaultPortUnlessItsVariableSaysOtherwise() {
        SandboxOptions options = SandboxOptions.fromEnvironment(Map.of("OVERCAST_KINESIS_PORT", "5000"));
        assertThat(options.gatewayPort()).isEqualTo(4566);
        assertThat(options.servicePort("s3")).isEqualTo(4572);
        assertThat(options.servicePort("dynamodb")).isEqualTo(4569);
        assertThat(options.servicePort("kinesis")).isEqualTo(5000);
        assertThat(options.busPort()).isEqualTo(9092);
        Sandbox.SERVICES.forEach(s -> assertThat(options.servicePort(s.name())).as(s.name()).isPositive());
    }

    @Test
    void freePortsLeaveOnlyTheExplicitOnesFixed() {
        SandboxOptions options = SandboxOptions.fromEnvironment(Map.of("OVERCAST_FREE_PORTS", "true", "OVERCAST_S3_PORT", "4999"));
        assertThat(options.gatewayPort()).isZero();
        assertThat(options.busPort()).isZero();
        assertThat(options.servicePort("s3")).isEqualTo(4999);
        Sandbox.SERVICES.stream().filter(s -> !s.name().equals("s3"))
                .forEach(s -> assertThat(options.servicePort(s.name())).as(s.name()).isZero());
    }

    @Test
    void busOffMeansNoBrokerAndNoBootstrap() {
        SandboxOptions options = SandboxOptions.fromEnvironment(Map.of("OVERCAST_BUS", "off", "OVERCAST_BUS_BOOTSTRAP", "kafka:9092"));
        assertThat(options.busPort()).isEqualTo(-1);
        assertThat(options.busBootstrap()).isNull();
    }
}
