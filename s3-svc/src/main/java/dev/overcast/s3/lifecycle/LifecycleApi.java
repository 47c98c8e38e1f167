package dev.overcast.s3.lifecycle;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.StreamingResponse;
import dev.overcast.common.api.XmlRoot;
import dev.overcast.common.error.AwsException;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.bucket.BucketStore;
import dev.overcast.s3.checksum.UploadChecksum;
import java.security.SecureRandom;
import java.util.Base64;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.DeleteBucketLifecycleRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketLifecycleResponse;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationRequest;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.PutBucketLifecycleConfigurationRequest;
import software.amazon.awssdk.services.s3.model.PutBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.TransitionDefaultMinimumObjectSize;

/**
 * A bucket's lifecycle configuration: Put/Get/DeleteBucketLifecycleConfiguration. The sweeper
 * ({@code lifecycle.sweeper}) acts on it as the suite's clock moves; objects answer {@code x-amz-expiration} from it.
 */
@AwsApi(api = "s3")
public class LifecycleApi {

    static final String DEFAULT_MIN_SIZE = TransitionDefaultMinimumObjectSize.ALL_STORAGE_CLASSES_128_K.toString();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BucketStore buckets;

    public LifecycleApi(BucketStore buckets) {
        this.buckets = buckets;
    }

    public PutBucketLifecycleConfigurationResponse putBucketLifecycleConfiguration(RequestContext ctx,
            PutBucketLifecycleConfigurationRequest request) {
        UploadChecksum.requireDigest(ctx);
        Bucket bucket = buckets.require(ctx, request.bucket());
        String minSize = request.transitionDefaultMinimumObjectSize() == null ? DEFAULT_MIN_SIZE
                : request.transitionDefaultMinimumObjectSizeAsString();
        if (TransitionDefaultMinimumObjectSize.fromValue(minSize) == TransitionDefaultMinimumObjectSize.UNKNOWN_TO_SDK_VERSION) {
            throw S3Errors.invalidRequest("Invalid TransitionDefaultMinimumObjectSize found: " + minSize);
        }
        BucketLifecycleConfiguration configuration = request.lifecycleConfiguration();
        LifecycleValidation.validate(configuration);
        // S3 names a rule sent without an ID
        BucketLifecycleConfiguration named = configuration.toBuilder().rules(configuration.rules().stream()
                .map(r -> r.id() == null ? r.toBuilder().id(newId()).build() : r).toList()).build();
        if (!buckets.setLifecycle(bucket.name(), ModelJson.write(named), minSize)) {
            throw S3Errors.noSuchBucket(bucket.name());
        }
        return PutBucketLifecycleConfigurationResponse.builder().transitionDefaultMinimumObjectSize(minSize).build();
    }

    @XmlRoot("LifecycleConfiguration")
    public GetBucketLifecycleConfigurationResponse getBucketLifecycleConfiguration(RequestContext ctx,
            GetBucketLifecycleConfigurationRequest request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        if (bucket.lifecycle() == null) {
            throw noSuchLifecycleConfiguration(bucket.name());
        }
        BucketLifecycleConfiguration stored = ModelJson.read(bucket.lifecycle(), BucketLifecycleConfiguration.class);
        return GetBucketLifecycleConfigurationResponse.builder()
                .rules(stored.rules())
                .transitionDefaultMinimumObjectSize(bucket.transitionMinSize() == null ? DEFAULT_MIN_SIZE
                        : bucket.transitionMinSize())
                .build();
    }

    public StreamingResponse<DeleteBucketLifecycleResponse> deleteBucketLifecycle(RequestContext ctx,
            DeleteBucketLifecycleRequest request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        buckets.setLifecycle(bucket.name(), null, null);
        return StreamingResponse.headersOnly(DeleteBucketLifecycleResponse.builder().build(), 204);
    }

    static AwsException noSuchLifecycleConfiguration(String bucket) {
        return new AwsException("NoSuchLifecycleConfiguration", 404, "The lifecycle configuration does not exist")
                .with("BucketName", bucket);
    }

    private static String newId() {
        byte[] bytes = new byte[36];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().withoutPadding().encodeToString(bytes).replace('+', 'A').replace('/', 'B');
    }

}
