package dev.overcast.s3.object;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.XmlRoot;
import dev.overcast.s3.ContinuationTokens;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.S3Owners;
import dev.overcast.s3.bucket.BucketStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.ListObjectsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.Owner;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Listing keys: ListObjectsV2 and the original ListObjects, with prefixes, delimiters and pagination. */
@AwsApi(api = "s3")
public class ListingApi {

    static final int MAX_KEYS = 1000;

    private final BucketStore buckets;
    private final ObjectStore objects;

    public ListingApi(BucketStore buckets, ObjectStore objects) {
        this.buckets = buckets;
        this.objects = objects;
    }

    @XmlRoot("ListBucketResult")
    public ListObjectsV2Response listObjectsV2(RequestContext ctx, ListObjectsV2Request request) {
        buckets.require(ctx, request.bucket());
        int maxKeys = maxKeys(request.maxKeys());
        String after = request.continuationToken() != null
                ? ContinuationTokens.decode(request.continuationToken()) : request.startAfter();
        ObjectListing page = objects.list(request.bucket(), request.prefix(), request.delimiter(), after, maxKeys);
        boolean url = request.encodingType() == EncodingType.URL;
        Owner owner = Boolean.TRUE.equals(request.fetchOwner()) ? S3Owners.of(ctx.account()) : null;
        ListObjectsV2Response.Builder response = ListObjectsV2Response.builder()
                .name(request.bucket())
                .prefix(encode(request.prefix() == null ? "" : request.prefix(), url))
                .delimiter(encode(request.delimiter(), url))
                .maxKeys(maxKeys)
                .encodingType(request.encodingType())
                .keyCount(page.objects().size() + page.commonPrefixes().size())
                .isTruncated(page.truncated())
                .continuationToken(request.continuationToken())
                .startAfter(encode(request.startAfter(), url))
                .contents(contents(page, owner, url))
                .commonPrefixes(prefixes(page, url));
        if (page.truncated()) {
            response.nextContinuationToken(ContinuationTokens.encode(page.lastKey()));
        }
        return response.build();
    }

    @XmlRoot("ListBucketResult")
    public ListObjectsResponse listObjects(RequestContext ctx, ListObjectsRequest request) {
        buckets.require(ctx, request.bucket());
        int maxKeys = maxKeys(request.maxKeys());
        ObjectListing page = objects.list(request.bucket(), request.prefix(), request.delimiter(), request.marker(), maxKeys);
        boolean url = request.encodingType() == EncodingType.URL;
        ListObjectsResponse.Builder response = ListObjectsResponse.builder()
                .name(request.bucket())
                .prefix(encode(request.prefix() == null ? "" : request.prefix(), url))
                .marker(encode(request.marker() == null ? "" : request.marker(), url))
                .delimiter(encode(request.delimiter(), url))
                .maxKeys(maxKeys)
                .encodingType(request.encodingType())
                .isTruncated(page.truncated())
                .contents(contents(page, S3Owners.of(ctx.account()), url))
                .commonPrefixes(prefixes(page, url));
        if (page.truncated() && request.delimiter() != null) {
            response.nextMarker(encode(page.lastKey(), url));
        }
        return response.build();
    }

    private static List<S3Object> contents(ObjectListing page, Owner owner, boolean url) {
        return page.objects().stream().map(o -> S3Object.builder()
                .key(encode(o.key(), url))
                .lastModified(o.lastModified())
                .eTag(o.etag())
                .size(o.size())
                .storageClass(o.storageClass())
                .owner(owner)
                .checksumAlgorithmWithStrings(o.checksum() == null ? List.of() : List.of(o.checksum().algorithm()))
                .checksumType(o.checksum() == null ? null : o.checksum().type())
                .build()).toList();
    }

    private static List<CommonPrefix> prefixes(ObjectListing page, boolean url) {
        return prefixes(page.commonPrefixes(), url);
    }

    public static List<CommonPrefix> prefixes(List<String> commonPrefixes, boolean url) {
        return commonPrefixes.stream().map(p -> CommonPrefix.builder().prefix(encode(p, url)).build()).toList();
    }

    public static int maxKeys(Integer requested) {
        if (requested == null) {
            return MAX_KEYS;
        }
        if (requested < 0) {
            throw S3Errors.invalidArgument("Provided max-keys not an integer or within integer range", "max-keys",
                    requested.toString());
        }
        return Math.min(requested, MAX_KEYS);
    }

    public static String encode(String value, boolean url) {
        if (value == null || !url) {
            return value;
        }
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("%2F", "/");
    }
}
