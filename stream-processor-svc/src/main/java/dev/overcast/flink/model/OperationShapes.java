package dev.overcast.flink.model;

import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;

/**
 * The structures ListApplicationOperations and DescribeApplicationOperation answer with, as botocore's model names
 * them. They are only ever written: each one's {@code builder()} is the empty value through which common's protocol
 * layer learns the shape's members.
 */
public final class OperationShapes {

    private OperationShapes() {
    }

    /** A summary in ListApplicationOperations. */
    public record ApplicationOperationInfo(String operation, String operationId, Instant startTime, Instant endTime,
                                           String operationStatus) implements SdkPojo {
        private static final List<SdkField<?>> FIELDS = List.of(
                ModelFields.output(MarshallingType.STRING, "Operation", ApplicationOperationInfo::operation),
                ModelFields.output(MarshallingType.STRING, "OperationId", ApplicationOperationInfo::operationId),
                ModelFields.output(MarshallingType.INSTANT, "StartTime", ApplicationOperationInfo::startTime),
                ModelFields.output(MarshallingType.INSTANT, "EndTime", ApplicationOperationInfo::endTime),
                ModelFields.output(MarshallingType.STRING, "OperationStatus", ApplicationOperationInfo::operationStatus));

        public static ApplicationOperationInfo builder() {
            return new ApplicationOperationInfo(null, null, null, null, null);
        }

        @Override
        public List<SdkField<?>> sdkFields() {
            return FIELDS;
        }
    }

    /** DescribeApplicationOperation's answer. */
    public record ApplicationOperationInfoDetails(String operation, Instant startTime, Instant endTime, String operationStatus,
                                                  ApplicationVersionChangeDetails applicationVersionChangeDetails,
                                                  OperationFailureDetails operationFailureDetails) implements SdkPojo {
        private static final List<SdkField<?>> FIELDS = List.of(
                ModelFields.output(MarshallingType.STRING, "Operation", ApplicationOperationInfoDetails::operation),
                ModelFields.output(MarshallingType.INSTANT, "StartTime", ApplicationOperationInfoDetails::startTime),
                ModelFields.output(MarshallingType.INSTANT, "EndTime", ApplicationOperationInfoDetails::endTime),
                ModelFields.output(MarshallingType.STRING, "OperationStatus", ApplicationOperationInfoDetails::operationStatus),
                ModelFields.structure("ApplicationVersionChangeDetails",
                        ApplicationOperationInfoDetails::applicationVersionChangeDetails, ApplicationVersionChangeDetails::builder),
                ModelFields.structure("OperationFailureDetails", ApplicationOperationInfoDetails::operationFailureDetails,
                        OperationFailureDetails::builder));

        public static ApplicationOperationInfoDetails builder() {
            return new ApplicationOperationInfoDetails(null, null, null, null, null, null);
        }

        @Override
        public List<SdkField<?>> sdkFields() {
            return FIELDS;
        }
    }

    /** The versions an operation moved the application between. */
    public record ApplicationVersionChangeDetails(Long applicationVersionUpdatedFrom, Long applicationVersionUpdatedTo)
            implements SdkPojo {
        private static final List<SdkField<?>> FIELDS = List.of(
                ModelFields.output(MarshallingType.LONG, "ApplicationVersionUpdatedFrom",
                        ApplicationVersionChangeDetails::applicationVersionUpdatedFrom),
                ModelFields.output(MarshallingType.LONG, "ApplicationVersionUpdatedTo",
                        ApplicationVersionChangeDetails::applicationVersionUpdatedTo));

        public static ApplicationVersionChangeDetails builder() {
            return new ApplicationVersionChangeDetails(null, null);
        }

        @Override
        public List<SdkField<?>> sdkFields() {
            return FIELDS;
        }
    }

    /** Why an operation failed, and the system rollback it caused, if any. */
    public record OperationFailureDetails(String rollbackOperationId, ErrorInfo errorInfo) implements SdkPojo {
        private static final List<SdkField<?>> FIELDS = List.of(
                ModelFields.output(MarshallingType.STRING, "RollbackOperationId", OperationFailureDetails::rollbackOperationId),
                ModelFields.structure("ErrorInfo", OperationFailureDetails::errorInfo, ErrorInfo::builder));

        public static OperationFailureDetails builder() {
            return new OperationFailureDetails(null, null);
        }

        @Override
        public List<SdkField<?>> sdkFields() {
            return FIELDS;
        }
    }

    public record ErrorInfo(String errorString) implements SdkPojo {
        private static final List<SdkField<?>> FIELDS = List.of(
                ModelFields.output(MarshallingType.STRING, "ErrorString", ErrorInfo::errorString));

        public static ErrorInfo builder() {
            return new ErrorInfo(null);
        }

        @Override
        public List<SdkField<?>> sdkFields() {
            return FIELDS;
        }
    }
}
