package dev.overcast.s3.bucket;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.XmlRoot;
import dev.overcast.common.error.AwsException;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.versioning.Versions;
import java.util.List;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.PutBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.PutBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.VersioningConfiguration;

/** A bucket's versioning: Put/GetBucketVersioning (the versions themselves are listed by ListObjectVersions). */
@AwsApi(api = "s3")
public class BucketVersioningApi {

    private static final List<String> STATUSES = List.of(Versions.ENABLED, Versions.SUSPENDED);
    private static final List<String> MFA_DELETE = List.of("Enabled", "Disabled");

    private final BucketStore buckets;

    public BucketVersioningApi(BucketStore buckets) {
        this.buckets = buckets;
    }

    /**
     * Sets Enabled or Suspended (a bucket never goes back to unversioned). Changing MFA delete, or anything on a
     * bucket with MFA delete enabled, takes the {@code x-amz-mfa} header; an Object Lock bucket stays Enabled.
     */
    public PutBucketVersioningResponse putBucketVersioning(RequestContext ctx, PutBucketVersioningRequest request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        VersioningConfiguration c = request.versioningConfiguration();
        String status = c == null ? null : c.statusAsString();
        String mfaDelete = c == null ? null : c.mfaDeleteAsString();
        if (c == null || (status == null && mfaDelete == null) || (status != null && !STATUSES.contains(status))
                || (mfaDelete != null && !MFA_DELETE.contains(mfaDelete))) {
            throw S3Errors.malformedXml();
        }
        boolean mfa = request.mfa() != null && !request.mfa().isBlank();
        if (!mfa && (mfaDelete != null || "Enabled".equals(bucket.mfaDelete()))) {
            throw S3Errors.mfaRequired();
        }
        if (bucket.objectLockEnabled() && Versions.SUSPENDED.equals(status)) {
            throw new AwsException("InvalidBucketState", 409,
                    "An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.");
        }
        buckets.setVersioning(bucket.name(), status, mfaDelete);
        return PutBucketVersioningResponse.builder().build();
    }

    /** A bucket whose versioning was never configured answers an empty configuration. */
    @XmlRoot("VersioningConfiguration")
    public GetBucketVersioningResponse getBucketVersioning(RequestContext ctx, GetBucketVersioningRequest request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        return GetBucketVersioningResponse.builder()
                .status(bucket.versioning())
                .mfaDelete(bucket.mfaDelete())
                .build();
    }
}
