package dev.overcast.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ServiceRouterTest {

    private static GatewayProperties.Service service(String url, List<String> targets, List<String> signing, List<String> paths) {
        GatewayProperties.Service s = new GatewayProperties.Service();
        s.setUrl(url);
        s.setTargetPrefixes(targets);
        s.setSigningNames(signing);
        s.setPathPrefixes(paths);
        return s;
    }

    private final ServiceRouter router;

    ServiceRouterTest() {
        GatewayProperties p = new GatewayProperties();
        p.getServices().put("s3", service("http://s3:1/", List.of(), List.of("s3"), List.of()));
        p.getServices().put("ddb", service("http://ddb:2", List.of("DynamoDB_20120810", "DynamoDBStreams_20120810"), List.of("dynamodb"), List.of()));
        p.getServices().put("kafka", service("http://kafka:3", List.of(), List.of("kafka"), List.of("/v1/clusters", "/api/v2/clusters", "/_overcast/kafka/ca.pem")));
        router = new ServiceRouter(p);
    }

    private String route(String target, String auth, String path, String query) {
        ServiceRouter.Target t = router.route(target, auth, path, query);
        return t == null ? null : t.name();
    }

    @Test
    void ordering() {
        assertThat(route("DynamoDB_20120810.PutItem", null, "/", null)).isEqualTo("ddb");
        assertThat(route("DynamoDBStreams_20120810.GetRecords", null, "/", null)).isEqualTo("ddb");
        // AWS services this deployment does not run: never the default (S3)
        assertThat(route("Unknown_1.Op", null, "/", null)).isEqualTo("Unknown_1");
        assertThat(router.route("Kinesis_20131202.ListStreams", null, "/", null).available()).isFalse();
        String kinesisAuth = "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=00";
        assertThat(route(null, kinesisAuth, "/", null)).isEqualTo("kinesis");
        assertThat(router.route(null, kinesisAuth, "/", null).unavailable().title()).isEqualTo("Amazon Kinesis Data Streams");
        // S3 Control (access points) is served by the S3 service, signed or not
        assertThat(route(null, null, "/v20180820/configuration/publicAccessBlock", null)).isEqualTo("s3");
        String s3Auth = "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00";
        assertThat(route(null, s3Auth, "/v20180820/accesspoint/ap", null)).isEqualTo("s3");
        assertThat(route(null, null, "/v20180821/key", null)).isEqualTo("s3");
        String kafkaAuth = "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/kafka/aws4_request, SignedHeaders=host, Signature=00";
        assertThat(route(null, kafkaAuth, "/", null)).isEqualTo("kafka");
        assertThat(route("DynamoDB_20120810.PutItem", kafkaAuth, "/", null)).isEqualTo("ddb");
        assertThat(route(null, null, "/", "X-Amz-Credential=AKID%2F20240101%2Fus-east-1%2Fdynamodb%2Faws4_request")).isEqualTo("ddb");
        assertThat(route(null, null, "/v1/clusters", null)).isEqualTo("kafka");
        assertThat(route(null, null, "/api/v2/clusters/arn%3Aaws", null)).isEqualTo("kafka");
        assertThat(route(null, null, "/v1/clustersfoo", null)).isEqualTo("s3");
        // a service's own suite endpoint, routed by its path prefix; the gateway's own are claimed by none
        assertThat(route(null, null, "/_overcast/kafka/ca.pem", null)).isEqualTo("kafka");
        assertThat(router.byPath("/_overcast/kafka/ca.pem").name()).isEqualTo("kafka");
        assertThat(router.byPath("/_overcast/clock")).isNull();
        assertThat(route(null, null, "/bucket/key", null)).isEqualTo("s3");
        assertThat(router.services().get("s3").url()).isEqualTo("http://s3:1");
    }

    @Test
    void s3ControlWithoutAnS3ServiceIsUnavailable() {
        GatewayProperties p = new GatewayProperties();
        p.getServices().put("ddb", service("http://ddb:2", List.of("DynamoDB_20120810"), List.of("dynamodb"), List.of()));
        ServiceRouter.Target t = new ServiceRouter(p).route(null, null, "/v20180820/accesspoint/ap", null);
        assertThat(t.available()).isFalse();
        assertThat(t.unavailable().title()).isEqualTo("Amazon S3 Control");
    }

    @Test
    void replicasTakeRequestsInTurn() {
        GatewayProperties p = new GatewayProperties();
        p.getServices().put("s3", service(" http://s3-a:1/, http://s3-b:1 ,", List.of(), List.of("s3"), List.of()));
        ServiceRouter.Target s3 = new ServiceRouter(p).route(null, null, "/bucket", null);
        assertThat(s3.url()).isEqualTo("http://s3-a:1,http://s3-b:1");
        assertThat(s3.localPort()).isEqualTo(-1);
        assertThat(List.of(s3.baseUri(), s3.baseUri(), s3.baseUri()).stream().map(u -> u.getHost()).toList())
                .containsExactly("s3-a", "s3-b", "s3-a");
    }
}
