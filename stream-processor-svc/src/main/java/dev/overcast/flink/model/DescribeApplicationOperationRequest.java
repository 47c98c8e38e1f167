package dev.overcast.flink.model;

import java.util.List;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.KinesisAnalyticsV2Request;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/** DescribeApplicationOperation's input (botocore's DescribeApplicationOperationRequest; the 2.20.0 SDK model lacks it). */
public final class DescribeApplicationOperationRequest extends KinesisAnalyticsV2Request {

    private static final List<SdkField<?>> FIELDS = List.of(
            ModelFields.member(MarshallingType.STRING, "ApplicationName", DescribeApplicationOperationRequest::applicationName,
                    Builder::applicationName),
            ModelFields.member(MarshallingType.STRING, "OperationId", DescribeApplicationOperationRequest::operationId,
                    Builder::operationId));

    private final String applicationName;
    private final String operationId;

    private DescribeApplicationOperationRequest(Builder b) {
        super(b);
        this.applicationName = b.applicationName;
        this.operationId = b.operationId;
    }

    public String applicationName() {
        return applicationName;
    }

    public String operationId() {
        return operationId;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Builder toBuilder() {
        return new Builder().applicationName(applicationName).operationId(operationId);
    }

    @Override
    public List<SdkField<?>> sdkFields() {
        return FIELDS;
    }

    public static final class Builder extends KinesisAnalyticsV2Request.BuilderImpl
            implements SdkPojo, SdkBuilder<Builder, DescribeApplicationOperationRequest> {
        private String applicationName;
        private String operationId;

        public Builder applicationName(String v) {
            this.applicationName = v;
            return this;
        }

        public Builder operationId(String v) {
            this.operationId = v;
            return this;
        }

        @Override
        public DescribeApplicationOperationRequest build() {
            return new DescribeApplicationOperationRequest(this);
        }

        @Override
        public List<SdkField<?>> sdkFields() {
            return FIELDS;
        }
    }
}
