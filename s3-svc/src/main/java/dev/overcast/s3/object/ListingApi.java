package dev.overcast.s3.object;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.XmlRoot;
import dev.overcast.s3.ContinuationTokens;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.S3Owners;
import dev.overcast.s3.bucket.BucketStore;
import java.util.List;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.ListObjectsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.Owner;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

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
        boolean url = urlEncoding(request.encodingTypeAsString());
        String after = request.continuationToken() != null
                ? ContinuationTokens.decode(request.continuationToken()) : request.startAfter();
        ObjectListing page = objects.list(request.bucket(), request.prefix(), request.delimiter(), after, maxKeys);
        Owner owner = Boolean.TRUE.equals(request.fetchOwner()) ? S3Owners.of(ctx.account()) : null;
        ListObjectsV2Response.Builder response = ListObjectsV2Response.builder()
                .name(request.bucket())
                .prefix(encode(request.prefix() == null ? "" : request.prefix(), url))
                .delimiter(delimiter(request.delimiter(), url))
                .maxKeys(maxKeys)
                .encodingType(url ? EncodingType.URL : null)
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
        boolean url = urlEncoding(request.encodingTypeAsString());
        ObjectListing page = objects.list(request.bucket(), request.prefix(), request.delimiter(), request.marker(), maxKeys);
        ListObjectsResponse.Builder response = ListObjectsResponse.builder()
                .name(request.bucket())
                .prefix(encode(request.prefix() == null ? "" : request.prefix(), url))
                .marker(encode(request.marker() == null ? "" : request.marker(), url))
                .delimiter(delimiter(request.delimiter(), url))
                .maxKeys(maxKeys)
                .encodingType(url ? EncodingType.URL : null)
                .isTruncated(page.truncated())
                .contents(contents(page, S3Owners.of(ctx.account()), url))
                .commonPrefixes(prefixes(page, url));
        if (page.truncated() && request.delimiter() != null && !request.delimiter().isEmpty()) {
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

    /**
     * Whether the listing answers URL-encoded ({@code encoding-type=url}, the only method S3 knows); InvalidArgument
     * for any other method.
     */
    public static boolean urlEncoding(String encodingType) {
        if (encodingType == null || encodingType.isEmpty()) {
            return false;
        }
        if (!EncodingType.URL.toString().equals(encodingType)) {
            throw S3Errors.invalidArgument("Invalid Encoding Method specified in Request", "encoding-type", encodingType);
        }
        return true;
    }

    /**
     * A key, prefix or marker as a listing answers it: with {@code encoding-type=url}, percent-encoded as in a URI path
     * (every byte but the unreserved characters and {@code /}, so a space is {@code %20} and a {@code +} is
     * {@code %2B}), as S3 encodes it.
     */
    public static String encode(String value, boolean url) {
        if (value == null || !url) {
            return value;
        }
        return SdkHttpUtils.urlEncodeIgnoreSlashes(value);
    }

    /** The delimiter as a listing echoes it: an empty one is no delimiter, and S3 leaves it out. */
    public static String delimiter(String delimiter, boolean url) {
        return delimiter == null || delimiter.isEmpty() ? null : encode(delimiter, url);
    }
}
