package dev.overcast.s3.bucket;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.XmlRoot;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.S3Owners;
import dev.overcast.common.error.AwsException;
import dev.overcast.s3.object.KeyRollup;
import dev.overcast.s3.object.ListingApi;
import dev.overcast.s3.object.ObjectStore;
import dev.overcast.s3.object.StoredObject;
import dev.overcast.s3.versioning.Versions;
import java.util.List;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.ObjectVersionStorageClass;
import software.amazon.awssdk.services.s3.model.Owner;
import software.amazon.awssdk.services.s3.model.PutBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.PutBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.VersioningConfiguration;

/** Bucket versioning (Put/GetBucketVersioning) and ListObjectVersions. */
@AwsApi(api = "s3")
public class BucketVersioningApi {

    private static final List<String> STATUSES = List.of(Versions.ENABLED, Versions.SUSPENDED);
    private static final List<String> MFA_DELETE = List.of("Enabled", "Disabled");

    private final BucketStore buckets;
    private final ObjectStore objects;

    public BucketVersioningApi(BucketStore buckets, ObjectStore objects) {
        this.buckets = buckets;
        this.objects = objects;
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

    @XmlRoot("ListVersionsResult")
    public ListObjectVersionsResponse listObjectVersions(RequestContext ctx, ListObjectVersionsRequest request) {
        buckets.require(ctx, request.bucket());
        int maxKeys = ListingApi.maxKeys(request.maxKeys());
        String keyMarker = request.keyMarker() == null || request.keyMarker().isEmpty() ? null : request.keyMarker();
        String versionIdMarker = request.versionIdMarker() == null || request.versionIdMarker().isEmpty()
                ? null : request.versionIdMarker();
        if (versionIdMarker != null) {
            if (keyMarker == null) {
                throw S3Errors.invalidArgument("A version-id marker cannot be specified without a key marker.",
                        "version-id-marker", versionIdMarker);
            }
            Versions.validate(versionIdMarker);
        }
        boolean url = ListingApi.urlEncoding(request.encodingTypeAsString());
        Owner owner = S3Owners.of(ctx.account());
        KeyRollup.Page<StoredObject> page = objects.listVersions(request.bucket(), request.prefix(), request.delimiter(),
                keyMarker, versionIdMarker, maxKeys);
        List<ObjectVersion> versions = page.rows().stream().filter(o -> !o.deleteMarker()).map(o -> ObjectVersion.builder()
                .key(ListingApi.encode(o.key(), url))
                .versionId(o.versionId())
                .isLatest(o.latest())
                .lastModified(o.lastModified())
                .eTag(o.etag())
                .size(o.size())
                .storageClass(ObjectVersionStorageClass.STANDARD)
                .owner(owner)
                .checksumAlgorithmWithStrings(o.checksum() == null ? List.of() : List.of(o.checksum().algorithm()))
                .checksumType(o.checksum() == null ? null : o.checksum().type())
                .build()).toList();
        List<DeleteMarkerEntry> markers = page.rows().stream().filter(StoredObject::deleteMarker)
                .map(o -> DeleteMarkerEntry.builder()
                        .key(ListingApi.encode(o.key(), url))
                        .versionId(o.versionId())
                        .isLatest(o.latest())
                        .lastModified(o.lastModified())
                        .owner(owner)
                        .build()).toList();
        ListObjectVersionsResponse.Builder response = ListObjectVersionsResponse.builder()
                .name(request.bucket())
                .prefix(ListingApi.encode(request.prefix() == null ? "" : request.prefix(), url))
                .keyMarker(ListingApi.encode(request.keyMarker() == null ? "" : request.keyMarker(), url))
                .versionIdMarker(request.versionIdMarker() == null ? "" : request.versionIdMarker())
                .delimiter(ListingApi.delimiter(request.delimiter(), url))
                .maxKeys(maxKeys)
                .encodingType(url ? EncodingType.URL : null)
                .isTruncated(page.truncated())
                .versions(versions)
                .deleteMarkers(markers)
                .commonPrefixes(ListingApi.prefixes(page.prefixes(), url));
        if (page.truncated()) {
            response.nextKeyMarker(ListingApi.encode(page.lastKey(), url))
                    .nextVersionIdMarker(page.lastRow() == null ? null : page.lastRow().versionId());
        }
        return response.build();
    }
}
