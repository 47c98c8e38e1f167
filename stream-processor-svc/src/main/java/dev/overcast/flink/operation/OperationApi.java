package dev.overcast.flink.operation;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.flink.FlinkErrors;
import dev.overcast.flink.Page;
import dev.overcast.flink.application.Application;
import dev.overcast.flink.application.ApplicationStore;
import dev.overcast.flink.application.OperationStore;
import dev.overcast.flink.model.DescribeApplicationOperationRequest;
import dev.overcast.flink.model.DescribeApplicationOperationResponse;
import dev.overcast.flink.model.ListApplicationOperationsRequest;
import dev.overcast.flink.model.ListApplicationOperationsResponse;
import dev.overcast.flink.model.OperationShapes.ApplicationOperationInfo;
import dev.overcast.flink.model.OperationShapes.ApplicationOperationInfoDetails;
import dev.overcast.flink.model.OperationShapes.ApplicationVersionChangeDetails;
import dev.overcast.flink.model.OperationShapes.ErrorInfo;
import dev.overcast.flink.model.OperationShapes.OperationFailureDetails;

/**
 * Application operations: ListApplicationOperations, DescribeApplicationOperation. The served 2.20.0 SDK model lacks
 * both, so their shapes are this package's own (botocore's names), read and written by the same protocol layer.
 */
@AwsApi(api = "flink")
public class OperationApi {

    private final ApplicationStore applications;
    private final OperationStore operations;

    public OperationApi(ApplicationStore applications, OperationStore operations) {
        this.applications = applications;
        this.operations = operations;
    }

    /** Newest first, Limit (default 50) at a time, filtered by Operation and OperationStatus when given. */
    public ListApplicationOperationsResponse listApplicationOperations(RequestContext ctx, ListApplicationOperationsRequest r) {
        Application app = applications.require(ctx, r.applicationName());
        Page<OperationStore.Operation> page = Page.of(operations.list(app.id(), r.operation(), r.operationStatus()), r.limit(),
                r.nextToken());
        return ListApplicationOperationsResponse.builder().applicationOperationInfoList(page.items().stream()
                        .map(o -> new ApplicationOperationInfo(o.operation(), o.id(), o.started(), o.ended(), o.status())).toList())
                .nextToken(page.nextToken()).build();
    }

    public DescribeApplicationOperationResponse describeApplicationOperation(RequestContext ctx, DescribeApplicationOperationRequest r) {
        Application app = applications.require(ctx, r.applicationName());
        OperationStore.Operation o = operations.find(app.id(), r.operationId()).orElseThrow(() -> FlinkErrors.resourceNotFound(
                "Operation " + r.operationId() + " does not exist for application " + app.name()));
        ApplicationVersionChangeDetails versions = o.versionFrom() == null ? null
                : new ApplicationVersionChangeDetails(o.versionFrom(), o.versionTo());
        OperationFailureDetails failure = o.error() == null && o.rollbackOperationId() == null ? null
                : new OperationFailureDetails(o.rollbackOperationId(), o.error() == null ? null : new ErrorInfo(o.error()));
        return DescribeApplicationOperationResponse.builder().applicationOperationInfoDetails(new ApplicationOperationInfoDetails(
                o.operation(), o.started(), o.ended(), o.status(), versions, failure)).build();
    }
}
