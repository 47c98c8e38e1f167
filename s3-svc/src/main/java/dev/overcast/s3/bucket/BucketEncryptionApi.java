package dev.overcast.s3.bucket;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.StreamingResponse;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.encryption.Encryption;
import java.util.List;
import software.amazon.awssdk.services.s3.model.DeleteBucketEncryptionRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketEncryptionResponse;
import software.amazon.awssdk.services.s3.model.GetBucketEncryptionRequest;
import software.amazon.awssdk.services.s3.model.GetBucketEncryptionResponse;
import software.amazon.awssdk.services.s3.model.PutBucketEncryptionRequest;
import software.amazon.awssdk.services.s3.model.PutBucketEncryptionResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/**
 * A bucket's default encryption: Put/Get/DeleteBucketEncryption. Every bucket has one (SSE-S3 unless configured,
 * as on S3 since 2023); new objects written without encryption headers get it.
 */
@AwsApi(api = "s3")
public class BucketEncryptionApi {

    private final BucketStore buckets;

    public BucketEncryptionApi(BucketStore buckets) {
        this.buckets = buckets;
    }

    public PutBucketEncryptionResponse putBucketEncryption(RequestContext ctx, PutBucketEncryptionRequest request) {
        buckets.require(ctx, request.bucket());
        List<ServerSideEncryptionRule> rules = request.serverSideEncryptionConfiguration() == null ? List.of()
                : request.serverSideEncryptionConfiguration().rules();
        if (rules.size() != 1 || rules.get(0).applyServerSideEncryptionByDefault() == null) {
            throw S3Errors.malformedXml();
        }
        ServerSideEncryptionRule rule = rules.get(0);
        ServerSideEncryptionByDefault byDefault = rule.applyServerSideEncryptionByDefault();
        buckets.setEncryption(request.bucket(), Encryption.bucketDefault(byDefault.sseAlgorithmAsString(),
                byDefault.kmsMasterKeyID(), rule.bucketKeyEnabled()));
        return PutBucketEncryptionResponse.builder().build();
    }

    public GetBucketEncryptionResponse getBucketEncryption(RequestContext ctx, GetBucketEncryptionRequest request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        Encryption e = bucket.encryption();
        return GetBucketEncryptionResponse.builder()
                .serverSideEncryptionConfiguration(c -> c.rules(ServerSideEncryptionRule.builder()
                        .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(e.algorithm()).kmsMasterKeyID(e.kmsKeyId()))
                        .bucketKeyEnabled(e.bucketKeyEnabled())
                        .build()))
                .build();
    }

    public StreamingResponse<DeleteBucketEncryptionResponse> deleteBucketEncryption(RequestContext ctx,
                                                                                    DeleteBucketEncryptionRequest request) {
        buckets.require(ctx, request.bucket());
        buckets.setEncryption(request.bucket(), null);
        return StreamingResponse.headersOnly(DeleteBucketEncryptionResponse.builder().build(), 204);
    }
}
