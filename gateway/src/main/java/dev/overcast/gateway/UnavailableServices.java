package dev.overcast.gateway;

import dev.overcast.common.error.AwsException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * AWS services a client may call at this endpoint that this deployment does not run. A request for one (by its
 * X-Amz-Target prefix or its SigV4 signing name) is answered in that service's own protocol with HTTP 501 and the
 * code {@code NotImplemented}, naming the service: SDKs and the CLI surface code and message as they are, and no
 * SDK retries a 501 (they retry 500, 502, 503 and 504), so a client fails at once with a clear reason instead of
 * getting another service's error (S3's MethodNotAllowed, say) or retrying.
 */
final class UnavailableServices {

    /** A known AWS service: its SigV4 signing name, its name as AWS writes it, the error shape of its protocol. */
    record Service(String signingName, String title, ErrorShape shape) {
    }

    private static final List<Service> KNOWN = List.of(
            new Service("kinesis", "Amazon Kinesis Data Streams", ErrorShape.JSON_1_1),
            new Service("firehose", "Amazon Data Firehose", ErrorShape.JSON_1_1),
            new Service("kinesisanalytics", "Amazon Managed Service for Apache Flink", ErrorShape.JSON_1_1),
            new Service("kafka", "Amazon MSK", ErrorShape.REST_JSON),
            new Service("kafkaconnect", "Amazon MSK Connect", ErrorShape.REST_JSON),
            new Service("glue", "AWS Glue", ErrorShape.JSON_1_1),
            new Service("sqs", "Amazon SQS", ErrorShape.QUERY_XML),
            new Service("sns", "Amazon SNS", ErrorShape.QUERY_XML),
            new Service("sts", "AWS STS", ErrorShape.QUERY_XML),
            new Service("iam", "AWS IAM", ErrorShape.QUERY_XML),
            new Service("lambda", "AWS Lambda", ErrorShape.REST_JSON),
            new Service("secretsmanager", "AWS Secrets Manager", ErrorShape.JSON_1_1),
            new Service("kms", "AWS KMS", ErrorShape.JSON_1_1),
            new Service("logs", "Amazon CloudWatch Logs", ErrorShape.JSON_1_1),
            new Service("monitoring", "Amazon CloudWatch", ErrorShape.QUERY_XML),
            new Service("events", "Amazon EventBridge", ErrorShape.JSON_1_1),
            new Service("states", "AWS Step Functions", ErrorShape.JSON_1_0),
            new Service("ssm", "AWS Systems Manager", ErrorShape.JSON_1_1),
            new Service("s3-control", "Amazon S3 Control", ErrorShape.REST_XML));

    /** X-Amz-Target prefixes (before the dot) of the JSON-protocol services above. */
    private static final Map<String, String> TARGET_PREFIXES = Map.ofEntries(
            Map.entry("Kinesis_20131202", "kinesis"),
            Map.entry("Firehose_20150804", "firehose"),
            Map.entry("KinesisAnalytics_20180523", "kinesisanalytics"),
            Map.entry("KinesisAnalytics_20150814", "kinesisanalytics"),
            Map.entry("AWSGlue", "glue"),
            Map.entry("AmazonSQS", "sqs"),
            Map.entry("secretsmanager", "secretsmanager"),
            Map.entry("TrentService", "kms"),
            Map.entry("Logs_20140328", "logs"),
            Map.entry("GraniteServiceVersion20100801", "monitoring"),
            Map.entry("AWSEvents", "events"),
            Map.entry("AWSStepFunctions", "states"),
            Map.entry("AmazonSSM", "ssm"));

    /** S3 Control's REST paths (its API version), which path-style S3 would take for a bucket. */
    static final String S3_CONTROL_PATH = "/v20180820/";

    private final Map<String, Service> bySigningName = new HashMap<>();

    UnavailableServices() {
        KNOWN.forEach(s -> bySigningName.put(s.signingName(), s));
    }

    /** The service signed for, known or not (then named by its signing name, in the protocol of the request). */
    Service bySigningName(String signingName) {
        Service known = bySigningName.get(signingName);
        return known != null ? known : new Service(signingName, signingName, ErrorShape.REST_JSON);
    }

    /** The service of an X-Amz-Target prefix, known or not. */
    Service byTargetPrefix(String prefix) {
        String signingName = TARGET_PREFIXES.get(prefix);
        return signingName != null ? bySigningName.get(signingName) : new Service(prefix, prefix, ErrorShape.JSON_1_1);
    }

    Service s3Control() {
        return bySigningName.get("s3-control");
    }

    /** The answer for a request to {@code service}; {@code served} names what this deployment runs. */
    static AwsException notAvailable(Service service, java.util.Collection<String> served) {
        return new AwsException("NotImplemented", 501, service.title() + " (" + service.signingName()
                + ") is not available in this deployment of Overcast, which serves " + String.join(", ", served) + ".");
    }
}
