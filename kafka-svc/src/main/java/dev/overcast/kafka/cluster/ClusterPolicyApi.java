package dev.overcast.kafka.cluster;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.kafka.Arns;
import dev.overcast.kafka.KafkaErrors;
import dev.overcast.kafka.cluster.ClusterStore.RequestCaller;
import software.amazon.awssdk.services.kafka.model.DeleteClusterPolicyRequest;
import software.amazon.awssdk.services.kafka.model.DeleteClusterPolicyResponse;
import software.amazon.awssdk.services.kafka.model.GetClusterPolicyRequest;
import software.amazon.awssdk.services.kafka.model.GetClusterPolicyResponse;
import software.amazon.awssdk.services.kafka.model.PutClusterPolicyRequest;
import software.amazon.awssdk.services.kafka.model.PutClusterPolicyResponse;

/**
 * Cluster policies: Put/Get/DeleteClusterPolicy. The policy is kept and returned as written (it must be a JSON object);
 * a PutClusterPolicy with a CurrentVersion that is not the policy's is refused.
 */
@AwsApi(api = "kafka")
public class ClusterPolicyApi {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final ClusterStore clusters;

    public ClusterPolicyApi(ClusterStore clusters) {
        this.clusters = clusters;
    }

    public PutClusterPolicyResponse putClusterPolicy(RequestContext ctx, PutClusterPolicyRequest req) {
        Cluster c = clusters.require(new RequestCaller(ctx.account(), ctx.region()), req.clusterArn());
        if (req.policy() == null || !isJsonObject(req.policy())) {
            throw KafkaErrors.badRequest("policy", "The policy must be a JSON policy document.");
        }
        String[] existing = clusters.policy(c.arn()).orElse(null);
        if (req.currentVersion() != null && (existing == null || !existing[1].equals(req.currentVersion()))) {
            throw KafkaErrors.badRequest("currentVersion", "The policy version " + req.currentVersion()
                    + " does not match the current version of the policy.");
        }
        String version = Arns.newVersion();
        clusters.setPolicy(c.arn(), req.policy(), version);
        return PutClusterPolicyResponse.builder().currentVersion(version).build();
    }

    public GetClusterPolicyResponse getClusterPolicy(RequestContext ctx, GetClusterPolicyRequest req) {
        Cluster c = clusters.require(new RequestCaller(ctx.account(), ctx.region()), req.clusterArn());
        String[] policy = clusters.policy(c.arn()).orElseThrow(() -> KafkaErrors.notFound("clusterArn",
                "The cluster " + c.arn() + " has no policy."));
        return GetClusterPolicyResponse.builder().policy(policy[0]).currentVersion(policy[1]).build();
    }

    public DeleteClusterPolicyResponse deleteClusterPolicy(RequestContext ctx, DeleteClusterPolicyRequest req) {
        Cluster c = clusters.require(new RequestCaller(ctx.account(), ctx.region()), req.clusterArn());
        clusters.setPolicy(c.arn(), null, null);
        return DeleteClusterPolicyResponse.builder().build();
    }

    private static boolean isJsonObject(String text) {
        try {
            return JSON.readTree(text).isObject();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return false;
        }
    }
}
