package dev.overcast.s3.object;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.XmlRoot;
import dev.overcast.s3.ContinuationTokens;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.S3Owners;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.bucket.BucketStore;
import dev.overcast.s3.versioning.Versions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.ObjectVersionStorageClass;
import software.amazon.awssdk.services.s3.model.Owner;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Listing keys: ListObjectsV2, the original ListObjects and ListObjectVersions, with prefixes, delimiters and
 * pagination.
 */
@AwsApi(api = "s3")
public class ListingApi {

    private final BucketStore buckets;
    private final ObjectStore objects;

    public ListingApi(BucketStore buckets, ObjectStore objects) {
        this.buckets = buckets;
        this.objects = objects;
    }

    @XmlRoot("ListBucketResult")
    public ListObjectsV2Response listObjectsV2(RequestContext ctx, ListObjectsV2Request request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        int maxKeys = Listings.maxKeys(request.maxKeys());
        boolean url = Listings.urlEncoding(request.encodingTypeAsString());
        String after = request.continuationToken() != null
                ? ContinuationTokens.decode(request.continuationToken()) : request.startAfter();
        ObjectListing page = objects.list(request.bucket(), request.prefix(), request.delimiter(), after, maxKeys);
        Function<StoredObject, Owner> owner = Boolean.TRUE.equals(request.fetchOwner()) ? owners(bucket) : o -> null;
        ListObjectsV2Response.Builder response = ListObjectsV2Response.builder()
                .name(request.bucket())
                .prefix(Listings.encode(request.prefix() == null ? "" : request.prefix(), url))
                .delimiter(Listings.delimiter(request.delimiter(), url))
                .maxKeys(maxKeys)
                .encodingType(url ? EncodingType.URL : null)
                .keyCount(page.objects().size() + page.commonPrefixes().size())
                .isTruncated(page.truncated())
                .continuationToken(request.continuationToken())
                .startAfter(Listings.encode(request.startAfter(), url))
                .contents(contents(page, owner, url))
                .commonPrefixes(prefixes(page, url));
        if (page.truncated()) {
            response.nextContinuationToken(ContinuationTokens.encode(page.lastKey()));
        }
        return response.build();
    }

    @XmlRoot("ListBucketResult")
    public ListObjectsResponse listObjects(RequestContext ctx, ListObjectsRequest request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        int maxKeys = Listings.maxKeys(request.maxKeys());
        boolean url = Listings.urlEncoding(request.encodingTypeAsString());
        ObjectListing page = objects.list(request.bucket(), request.prefix(), request.delimiter(), request.marker(), maxKeys);
        ListObjectsResponse.Builder response = ListObjectsResponse.builder()
                .name(request.bucket())
                .prefix(Listings.encode(request.prefix() == null ? "" : request.prefix(), url))
                .marker(Listings.encode(request.marker() == null ? "" : request.marker(), url))
                .delimiter(Listings.delimiter(request.delimiter(), url))
                .maxKeys(maxKeys)
                .encodingType(url ? EncodingType.URL : null)
                .isTruncated(page.truncated())
                .contents(contents(page, owners(bucket), url))
                .commonPrefixes(prefixes(page, url));
        if (page.truncated() && request.delimiter() != null && !request.delimiter().isEmpty()) {
            response.nextMarker(Listings.encode(page.lastKey(), url));
        }
        return response.build();
    }

    @XmlRoot("ListVersionsResult")
    public ListObjectVersionsResponse listObjectVersions(RequestContext ctx, ListObjectVersionsRequest request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        int maxKeys = Listings.maxKeys(request.maxKeys());
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
        boolean url = Listings.urlEncoding(request.encodingTypeAsString());
        Function<StoredObject, Owner> owner = owners(bucket);
        KeyRollup.Page<StoredObject> page = objects.listVersions(request.bucket(), request.prefix(), request.delimiter(),
                keyMarker, versionIdMarker, maxKeys);
        List<ObjectVersion> versions = page.rows().stream().filter(o -> !o.deleteMarker()).map(o -> ObjectVersion.builder()
                .key(Listings.encode(o.key(), url))
                .versionId(o.versionId())
                .isLatest(o.latest())
                .lastModified(o.lastModified())
                .eTag(o.etag())
                .size(o.size())
                .storageClass(ObjectVersionStorageClass.STANDARD)
                .owner(owner.apply(o))
                .checksumAlgorithmWithStrings(o.checksum() == null ? List.of() : List.of(o.checksum().algorithm()))
                .checksumType(o.checksum() == null ? null : o.checksum().type())
                .build()).toList();
        List<DeleteMarkerEntry> markers = page.rows().stream().filter(StoredObject::deleteMarker)
                .map(o -> DeleteMarkerEntry.builder()
                        .key(Listings.encode(o.key(), url))
                        .versionId(o.versionId())
                        .isLatest(o.latest())
                        .lastModified(o.lastModified())
                        .owner(owner.apply(o))
                        .build()).toList();
        ListObjectVersionsResponse.Builder response = ListObjectVersionsResponse.builder()
                .name(request.bucket())
                .prefix(Listings.encode(request.prefix() == null ? "" : request.prefix(), url))
                .keyMarker(Listings.encode(request.keyMarker() == null ? "" : request.keyMarker(), url))
                .versionIdMarker(request.versionIdMarker() == null ? "" : request.versionIdMarker())
                .delimiter(Listings.delimiter(request.delimiter(), url))
                .maxKeys(maxKeys)
                .encodingType(url ? EncodingType.URL : null)
                .isTruncated(page.truncated())
                .versions(versions)
                .deleteMarkers(markers)
                .commonPrefixes(Listings.prefixes(page.prefixes(), url));
        if (page.truncated()) {
            response.nextKeyMarker(Listings.encode(page.lastKey(), url))
                    .nextVersionIdMarker(page.lastRow() == null ? null : page.lastRow().versionId());
        }
        return response.build();
    }

    /** Each version's owner as S3 lists it (ObjectOwnership decides who owns what: {@link ObjectAcl#owner}). */
    private static Function<StoredObject, Owner> owners(Bucket bucket) {
        Map<String, Owner> byAccount = new HashMap<>();
        return o -> byAccount.computeIfAbsent(o.attributes().acl().owner(bucket), S3Owners::of);
    }

    private static List<S3Object> contents(ObjectListing page, Function<StoredObject, Owner> owner, boolean url) {
        return page.objects().stream().map(o -> S3Object.builder()
                .key(Listings.encode(o.key(), url))
                .lastModified(o.lastModified())
                .eTag(o.etag())
                .size(o.size())
                .storageClass(o.storageClass())
                .owner(owner.apply(o))
                .checksumAlgorithmWithStrings(o.checksum() == null ? List.of() : List.of(o.checksum().algorithm()))
                .checksumType(o.checksum() == null ? null : o.checksum().type())
                .build()).toList();
    }

    private static List<CommonPrefix> prefixes(ObjectListing page, boolean url) {
        return Listings.prefixes(page.commonPrefixes(), url);
    }
}
