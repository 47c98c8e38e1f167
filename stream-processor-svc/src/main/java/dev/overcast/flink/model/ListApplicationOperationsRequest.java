package dev.overcast.flink.model;

import java.util.List;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.KinesisAnalyticsV2Request;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/** ListApplicationOperations' input (botocore's ListApplicationOperationsRequest; the 2.20.0 SDK model lacks it). */
public final class ListApplicationOperationsRequest extends KinesisAnalyticsV2Request {

    private static final List<SdkField<?>> FIELDS = List.of(
            ModelFields.member(MarshallingType.STRING, "ApplicationName", ListApplicationOperationsRequest::applicationName,
                    Builder::applicationName),
            ModelFields.member(MarshallingType.INTEGER, "Limit", ListApplicationOperationsRequest::limit, Builder::limit),
            ModelFields.member(MarshallingType.STRING, "NextToken", ListApplicationOperationsRequest::nextToken, Builder::nextToken),
            ModelFields.member(MarshallingType.STRING, "Operation", ListApplicationOperationsRequest::operation, Builder::operation),
            ModelFields.member(MarshallingType.STRING, "OperationStatus", ListApplicationOperationsRequest::operationStatus,
                    Builder::operationStatus));

    private final String applicationName;
    private final Integer limit;
    private final String nextToken;
    private final String operation;
    private final String operationStatus;

    private ListApplicationOperationsRequest(Builder b) {
        super(b);
        this.applicationName = b.applicationName;
        this.limit = b.limit;
        this.nextToken = b.nextToken;
        this.operation = b.operation;
        this.operationStatus = b.operationStatus;
    }

    public String applicationName() {
        return applicationName;
    }

    public Integer limit() {
        return limit;
    }

    public String nextToken() {
        return nextToken;
    }

    /** Only operations of this type (StartApplication, UpdateApplication…), or all. */
    public String operation() {
        return operation;
    }

    /** Only operations in this status (IN_PROGRESS, CANCELLED, SUCCESSFUL, FAILED), or all. */
    public String operationStatus() {
        return operationStatus;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Builder toBuilder() {
        return new Builder().applicationName(applicationName).limit(limit).nextToken(nextToken).operation(operation)
                .operationStatus(operationStatus);
    }

    @Override
    public List<SdkField<?>> sdkFields() {
        return FIELDS;
    }

    public static final class Builder extends KinesisAnalyticsV2Request.BuilderImpl
            implements SdkPojo, SdkBuilder<Builder, ListApplicationOperationsRequest> {
        private String applicationName;
        private Integer limit;
        private String nextToken;
        private String operation;
        private String operationStatus;

        public Builder applicationName(String v) {
            this.applicationName = v;
            return this;
        }

        public Builder limit(Integer v) {
            this.limit = v;
            return this;
        }

        public Builder nextToken(String v) {
            this.nextToken = v;
            return this;
        }

        public Builder operation(String v) {
            this.operation = v;
            return this;
        }

        public Builder operationStatus(String v) {
            this.operationStatus = v;
            return this;
        }

        @Override
        public ListApplicationOperationsRequest build() {
            return new ListApplicationOperationsRequest(this);
        }

        @Override
        public List<SdkField<?>> sdkFields() {
            return FIELDS;
        }
    }
}
