package dev.overcast.flink.model;

import dev.overcast.flink.model.OperationShapes.ApplicationOperationInfoDetails;
import java.util.List;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.KinesisAnalyticsV2Response;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/** DescribeApplicationOperation's output (botocore's DescribeApplicationOperationResponse). */
public final class DescribeApplicationOperationResponse extends KinesisAnalyticsV2Response {

    private static final List<SdkField<?>> FIELDS = List.of(ModelFields.structure("ApplicationOperationInfoDetails",
            DescribeApplicationOperationResponse::applicationOperationInfoDetails, ApplicationOperationInfoDetails::builder));

    private final ApplicationOperationInfoDetails applicationOperationInfoDetails;

    private DescribeApplicationOperationResponse(Builder b) {
        super(b);
        this.applicationOperationInfoDetails = b.applicationOperationInfoDetails;
    }

    public ApplicationOperationInfoDetails applicationOperationInfoDetails() {
        return applicationOperationInfoDetails;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Builder toBuilder() {
        return new Builder().applicationOperationInfoDetails(applicationOperationInfoDetails);
    }

    @Override
    public List<SdkField<?>> sdkFields() {
        return FIELDS;
    }

    public static final class Builder extends KinesisAnalyticsV2Response.BuilderImpl
            implements SdkPojo, SdkBuilder<Builder, DescribeApplicationOperationResponse> {
        private ApplicationOperationInfoDetails applicationOperationInfoDetails;

        public Builder applicationOperationInfoDetails(ApplicationOperationInfoDetails v) {
            this.applicationOperationInfoDetails = v;
            return this;
        }

        @Override
        public DescribeApplicationOperationResponse build() {
            return new DescribeApplicationOperationResponse(this);
        }

        @Override
        public List<SdkField<?>> sdkFields() {
            return FIELDS;
        }
    }
}
