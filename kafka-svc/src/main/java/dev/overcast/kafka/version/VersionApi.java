package dev.overcast.kafka.version;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.kafka.Pages;
import dev.overcast.kafka.broker.KafkaVersions;
import dev.overcast.kafka.cluster.Cluster;
import dev.overcast.kafka.cluster.ClusterStore;
import java.util.List;
import software.amazon.awssdk.services.kafka.model.CompatibleKafkaVersion;
import software.amazon.awssdk.services.kafka.model.GetCompatibleKafkaVersionsRequest;
import software.amazon.awssdk.services.kafka.model.GetCompatibleKafkaVersionsResponse;
import software.amazon.awssdk.services.kafka.model.KafkaVersion;
import software.amazon.awssdk.services.kafka.model.ListKafkaVersionsRequest;
import software.amazon.awssdk.services.kafka.model.ListKafkaVersionsResponse;

/** Kafka versions: ListKafkaVersions (those this build runs) and GetCompatibleKafkaVersions (the upgrades). */
@AwsApi(api = "kafka")
public class VersionApi {

    private final ClusterStore clusters;

    public VersionApi(ClusterStore clusters) {
        this.clusters = clusters;
    }

    public ListKafkaVersionsResponse listKafkaVersions(RequestContext ctx, ListKafkaVersionsRequest req) {
        Pages.Page<String> page = Pages.of(KafkaVersions.names(), req.maxResults(), req.nextToken());
        return ListKafkaVersionsResponse.builder().nextToken(page.nextToken())
                .kafkaVersions(page.items().stream().map(v -> KafkaVersion.builder().version(v).status("ACTIVE").build()).toList())
                .build();
    }

    public GetCompatibleKafkaVersionsResponse getCompatibleKafkaVersions(RequestContext ctx, GetCompatibleKafkaVersionsRequest req) {
        List<String> sources = KafkaVersions.names();
        if (req.clusterArn() != null) {
            Cluster c = clusters.require(new ClusterStore.RequestCaller(ctx.account(), ctx.region()), req.clusterArn());
            sources = List.of(c.kafkaVersion());
        }
        return GetCompatibleKafkaVersionsResponse.builder().compatibleKafkaVersions(sources.stream()
                .map(v -> CompatibleKafkaVersion.builder().sourceVersion(v).targetVersions(KafkaVersions.upgradesFrom(v)).build())
                .toList()).build();
    }
}
