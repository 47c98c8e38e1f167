package dev.overcast.kafka.scram;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.kafka.KafkaErrors;
import dev.overcast.kafka.Pages;
import dev.overcast.kafka.broker.BrokerFleet;
import dev.overcast.kafka.cluster.Cluster;
import dev.overcast.kafka.cluster.ClusterLifecycle;
import dev.overcast.kafka.cluster.ClusterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.services.kafka.model.BatchAssociateScramSecretRequest;
import software.amazon.awssdk.services.kafka.model.BatchAssociateScramSecretResponse;
import software.amazon.awssdk.services.kafka.model.BatchDisassociateScramSecretRequest;
import software.amazon.awssdk.services.kafka.model.BatchDisassociateScramSecretResponse;
import software.amazon.awssdk.services.kafka.model.ListScramSecretsRequest;
import software.amazon.awssdk.services.kafka.model.ListScramSecretsResponse;
import software.amazon.awssdk.services.kafka.model.UnprocessedScramSecret;

/**
 * SASL/SCRAM secrets: BatchAssociateScramSecret, BatchDisassociateScramSecret, ListScramSecrets. Associating a secret
 * writes its credentials (SCRAM-SHA-512, as MSK) into the cluster's own KRaft metadata, so the brokers' SASL_SCRAM
 * listeners authenticate them and they survive restarts; the credentials come from {@code OVERCAST_SCRAM_SECRETS}.
 */
@AwsApi(api = "kafka")
public class ScramApi {

    private final ClusterStore clusters;
    private final ClusterLifecycle lifecycle;
    private final BrokerFleet fleet;
    private final ScramSecrets secrets;
    private final JdbcClient jdbc;

    public ScramApi(ClusterStore clusters, ClusterLifecycle lifecycle, BrokerFleet fleet, ScramSecrets secrets, JdbcClient jdbc) {
        this.clusters = clusters;
        this.lifecycle = lifecycle;
        this.fleet = fleet;
        this.secrets = secrets;
        this.jdbc = jdbc;
    }

    public BatchAssociateScramSecretResponse batchAssociateScramSecret(RequestContext ctx, BatchAssociateScramSecretRequest req) {
        Cluster c = scramCluster(ctx, req.clusterArn(), req.secretArnList());
        List<UnprocessedScramSecret> unprocessed = new ArrayList<>();
        try (Admin admin = fleet.admin(lifecycle.layout(c))) {
            for (String arn : req.secretArnList()) {
                String name = arn.substring(arn.lastIndexOf(':') + 1);
                if (!name.startsWith("AmazonMSK_")) {
                    unprocessed.add(unprocessed(arn, "InvalidSecretName", "The name of a secret associated with an Amazon"
                            + " MSK cluster must have the prefix AmazonMSK_."));
                    continue;
                }
                var credentials = secrets.resolve(arn);
                if (credentials.isEmpty()) {
                    unprocessed.add(unprocessed(arn, "ResourceNotFoundException", "Secrets Manager can't find the specified"
                            + " secret (no OVERCAST_SCRAM_SECRETS entry for it)."));
                    continue;
                }
                alter(admin, new UserScramCredentialUpsertion(credentials.get().username(),
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), credentials.get().password()));
                jdbc.sql("INSERT INTO scram_secrets (cluster_arn, secret_arn) VALUES (:c, :s) ON CONFLICT DO NOTHING")
                        .param("c", c.arn()).param("s", arn).update();
            }
        }
        return BatchAssociateScramSecretResponse.builder().clusterArn(c.arn()).unprocessedScramSecrets(unprocessed).build();
    }

    public BatchDisassociateScramSecretResponse batchDisassociateScramSecret(RequestContext ctx, BatchDisassociateScramSecretRequest req) {
        Cluster c = scramCluster(ctx, req.clusterArn(), req.secretArnList());
        List<UnprocessedScramSecret> unprocessed = new ArrayList<>();
        try (Admin admin = fleet.admin(lifecycle.layout(c))) {
            for (String arn : req.secretArnList()) {
                int removed = jdbc.sql("DELETE FROM scram_secrets WHERE cluster_arn = :c AND secret_arn = :s")
                        .param("c", c.arn()).param("s", arn).update();
                if (removed == 0) {
                    unprocessed.add(unprocessed(arn, "ResourceNotFoundException", "The secret is not associated with the cluster."));
                    continue;
                }
                secrets.resolve(arn).ifPresent(cr -> alter(admin, new UserScramCredentialDeletion(cr.username(), ScramMechanism.SCRAM_SHA_512)));
            }
        }
        return BatchDisassociateScramSecretResponse.builder().clusterArn(c.arn()).unprocessedScramSecrets(unprocessed).build();
    }

    public ListScramSecretsResponse listScramSecrets(RequestContext ctx, ListScramSecretsRequest req) {
        Cluster c = clusters.require(new ClusterStore.RequestCaller(ctx.account(), ctx.region()), req.clusterArn());
        List<String> all = jdbc.sql("SELECT secret_arn FROM scram_secrets WHERE cluster_arn = :c ORDER BY secret_arn")
                .param("c", c.arn()).query(String.class).list();
        Pages.Page<String> page = Pages.of(all, req.maxResults(), req.nextToken());
        return ListScramSecretsResponse.builder().secretArnList(page.items()).nextToken(page.nextToken()).build();
    }

    private Cluster scramCluster(RequestContext ctx, String arn, List<String> secretArns) {
        Cluster c = clusters.require(new ClusterStore.RequestCaller(ctx.account(), ctx.region()), arn);
        if (!c.scramEnabled()) {
            throw KafkaErrors.badRequest("clusterArn", "SASL/SCRAM authentication is not enabled on the cluster " + c.arn() + ".");
        }
        if (!"ACTIVE".equals(c.state())) {
            throw KafkaErrors.notActive(c.arn(), c.state());
        }
        if (secretArns.isEmpty()) {
            throw KafkaErrors.badRequest("secretArnList", "The secretArnList parameter is required.");
        }
        return c;
    }

    private static void alter(Admin admin, UserScramCredentialAlteration alteration) {
        try {
            admin.alterUserScramCredentials(List.of(alteration)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The cluster did not take the SCRAM credentials: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static UnprocessedScramSecret unprocessed(String arn, String code, String message) {
        return UnprocessedScramSecret.builder().secretArn(arn).errorCode(code).errorMessage(message).build();
    }
}
