package dev.overcast.kafka.operation;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.kafka.KafkaErrors;
import dev.overcast.kafka.Pages;
import dev.overcast.kafka.operation.OperationStore.StoredOperation;
import java.util.List;
import software.amazon.awssdk.services.kafka.model.ClusterOperationInfo;
import software.amazon.awssdk.services.kafka.model.ClusterOperationStep;
import software.amazon.awssdk.services.kafka.model.ClusterOperationStepInfo;
import software.amazon.awssdk.services.kafka.model.ClusterOperationV2;
import software.amazon.awssdk.services.kafka.model.ClusterOperationV2Provisioned;
import software.amazon.awssdk.services.kafka.model.ClusterOperationV2Summary;
import software.amazon.awssdk.services.kafka.model.DescribeClusterOperationRequest;
import software.amazon.awssdk.services.kafka.model.DescribeClusterOperationResponse;
import software.amazon.awssdk.services.kafka.model.DescribeClusterOperationV2Request;
import software.amazon.awssdk.services.kafka.model.DescribeClusterOperationV2Response;
import software.amazon.awssdk.services.kafka.model.ErrorInfo;
import software.amazon.awssdk.services.kafka.model.ListClusterOperationsRequest;
import software.amazon.awssdk.services.kafka.model.ListClusterOperationsResponse;
import software.amazon.awssdk.services.kafka.model.ListClusterOperationsV2Request;
import software.amazon.awssdk.services.kafka.model.ListClusterOperationsV2Response;

/** Cluster operations: DescribeClusterOperation(V2), ListClusterOperations(V2). */
@AwsApi(api = "kafka")
public class OperationApi {

    private final OperationStore store;
    private final ClusterCheck clusters;

    public OperationApi(OperationStore store, ClusterCheck clusters) {
        this.store = store;
        this.clusters = clusters;
    }

    /** Whether a cluster exists for the caller (the cluster package answers it; operations do not read clusters). */
    public interface ClusterCheck {
        /** Throws MSK's NotFoundException unless the cluster exists in the caller's account and region. */
        void require(String account, String region, String clusterArn);
    }

    public DescribeClusterOperationResponse describeClusterOperation(RequestContext ctx, DescribeClusterOperationRequest req) {
        return DescribeClusterOperationResponse.builder().clusterOperationInfo(info(require(ctx, req.clusterOperationArn()))).build();
    }

    public DescribeClusterOperationV2Response describeClusterOperationV2(RequestContext ctx, DescribeClusterOperationV2Request req) {
        StoredOperation op = require(ctx, req.clusterOperationArn());
        return DescribeClusterOperationV2Response.builder().clusterOperationInfo(ClusterOperationV2.builder()
                .clusterArn(op.clusterArn()).clusterType("PROVISIONED").operationArn(op.arn()).operationType(op.type())
                .operationState(op.state()).startTime(op.created()).endTime(op.ended()).errorInfo(error(op))
                .provisioned(ClusterOperationV2Provisioned.builder().operationSteps(steps(op))
                        .sourceClusterInfo(op.source()).targetClusterInfo(op.target()).build())
                .build()).build();
    }

    public ListClusterOperationsResponse listClusterOperations(RequestContext ctx, ListClusterOperationsRequest req) {
        clusters.require(ctx.account(), ctx.region(), req.clusterArn());
        Pages.Page<StoredOperation> page = Pages.of(store.forCluster(req.clusterArn()), req.maxResults(), req.nextToken());
        return ListClusterOperationsResponse.builder().nextToken(page.nextToken())
                .clusterOperationInfoList(page.items().stream().map(OperationApi::info).toList()).build();
    }

    public ListClusterOperationsV2Response listClusterOperationsV2(RequestContext ctx, ListClusterOperationsV2Request req) {
        clusters.require(ctx.account(), ctx.region(), req.clusterArn());
        Pages.Page<StoredOperation> page = Pages.of(store.forCluster(req.clusterArn()), req.maxResults(), req.nextToken());
        return ListClusterOperationsV2Response.builder().nextToken(page.nextToken())
                .clusterOperationInfoList(page.items().stream().map(op -> ClusterOperationV2Summary.builder()
                        .clusterArn(op.clusterArn()).clusterType("PROVISIONED").operationArn(op.arn())
                        .operationType(op.type()).operationState(op.state()).startTime(op.created()).endTime(op.ended())
                        .build()).toList()).build();
    }

    private StoredOperation require(RequestContext ctx, String arn) {
        return store.find(arn == null ? "" : arn)
                .filter(op -> op.account().equals(ctx.account()) && op.region().equals(ctx.region()))
                .orElseThrow(() -> KafkaErrors.notFound("clusterOperationArn", "The requested resource could not be found: " + arn));
    }

    private static ClusterOperationInfo info(StoredOperation op) {
        return ClusterOperationInfo.builder().clusterArn(op.clusterArn()).operationArn(op.arn()).operationType(op.type())
                .operationState(op.state()).creationTime(op.created()).endTime(op.ended()).errorInfo(error(op))
                .operationSteps(steps(op)).sourceClusterInfo(op.source()).targetClusterInfo(op.target()).build();
    }

    private static List<ClusterOperationStep> steps(StoredOperation op) {
        return op.steps().entrySet().stream().map(e -> ClusterOperationStep.builder().stepName(e.getKey())
                .stepInfo(ClusterOperationStepInfo.builder().stepStatus(e.getValue()).build()).build()).toList();
    }

    private static ErrorInfo error(StoredOperation op) {
        return op.errorCode() == null ? null : ErrorInfo.builder().errorCode(op.errorCode()).errorString(op.errorMessage()).build();
    }
}
