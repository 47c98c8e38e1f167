package dev.overcast.flink.model;

import dev.overcast.flink.model.OperationShapes.ApplicationOperationInfo;
import java.util.List;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.KinesisAnalyticsV2Response;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/** ListApplicationOperations' output (botocore's ListApplicationOperationsResponse). */
public final class ListApplicationOperationsResponse extends KinesisAnalyticsV2Response {

    private static final List<SdkField<?>> FIELDS = List.of(
            ModelFields.list("ApplicationOperationInfoList", ListApplicationOperationsResponse::applicationOperationInfoList,
                    ApplicationOperationInfo::builder),
            ModelFields.output(MarshallingType.STRING, "NextToken", ListApplicationOperationsResponse::nextToken));

    private final List<ApplicationOperationInfo> applicationOperationInfoList;
    private final String nextToken;

    private ListApplicationOperationsResponse(Builder b) {
        super(b);
        this.applicationOperationInfoList = b.applicationOperationInfoList;
        this.nextToken = b.nextToken;
    }

    public List<ApplicationOperationInfo> applicationOperationInfoList() {
        return applicationOperationInfoList;
    }

    public String nextToken() {
        return nextToken;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Builder toBuilder() {
        return new Builder().applicationOperationInfoList(applicationOperationInfoList).nextToken(nextToken);
    }

    @Override
    public List<SdkField<?>> sdkFields() {
        return FIELDS;
    }

    public static final class Builder extends KinesisAnalyticsV2Response.BuilderImpl
            implements SdkPojo, SdkBuilder<Builder, ListApplicationOperationsResponse> {
        private List<ApplicationOperationInfo> applicationOperationInfoList = List.of();
        private String nextToken;

        public Builder applicationOperationInfoList(List<ApplicationOperationInfo> v) {
            this.applicationOperationInfoList = List.copyOf(v);
            return this;
        }

        public Builder nextToken(String v) {
            this.nextToken = v;
            return this;
        }

        @Override
        public ListApplicationOperationsResponse build() {
            return new ListApplicationOperationsResponse(this);
        }

        @Override
        public List<SdkField<?>> sdkFields() {
            return FIELDS;
        }
    }
}
