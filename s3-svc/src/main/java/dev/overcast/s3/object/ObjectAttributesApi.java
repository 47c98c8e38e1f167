package dev.overcast.s3.object;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.XmlRoot;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.bucket.BucketStore;
import dev.overcast.s3.checksum.ChecksumFields;
import dev.overcast.s3.checksum.ObjectChecksum;
import dev.overcast.s3.conditional.Preconditions;
import dev.overcast.s3.encryption.CustomerKey;
import dev.overcast.s3.versioning.Versions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.services.s3.model.Checksum;
import software.amazon.awssdk.services.s3.model.GetObjectAttributesParts;
import software.amazon.awssdk.services.s3.model.GetObjectAttributesRequest;
import software.amazon.awssdk.services.s3.model.GetObjectAttributesResponse;
import software.amazon.awssdk.services.s3.model.ObjectAttributes;

/**
 * GetObjectAttributes: the attributes named by {@code x-amz-object-attributes} (ETag, Checksum, ObjectParts,
 * StorageClass, ObjectSize) without the object's bytes. ObjectParts pages a multipart object's parts by
 * {@code x-amz-part-number-marker} and {@code x-amz-max-parts}; as on S3, the Part elements (with their checksums)
 * are listed only for objects uploaded with a checksum.
 */
@AwsApi(api = "s3")
public class ObjectAttributesApi {

    static final int MAX_PARTS = 1000;

    private record PartRow(int partNumber, long size, String checksum) {
    }

    private final BucketStore buckets;
    private final ObjectStore objects;
    private final JdbcClient jdbc;

    public ObjectAttributesApi(BucketStore buckets, ObjectStore objects, JdbcClient jdbc) {
        this.buckets = buckets;
        this.objects = objects;
        this.jdbc = jdbc;
    }

    @XmlRoot("GetObjectAttributesResponse")
    public GetObjectAttributesResponse getObjectAttributes(RequestContext ctx, GetObjectAttributesRequest request) {
        Set<ObjectAttributes> wanted = attributes(request.objectAttributesAsStrings());
        int max = nonNegative(request.maxParts(), MAX_PARTS, "max-parts");
        int marker = nonNegative(request.partNumberMarker(), 0, "part-number-marker");
        String versionId = Versions.validate(request.versionId());
        CustomerKey key = CustomerKey.fromHeaders(request.sseCustomerAlgorithm(), request.sseCustomerKey(),
                request.sseCustomerKeyMD5(), false);
        Bucket bucket = buckets.require(ctx, request.bucket());
        StoredObject object = ObjectVersions.readable(objects.find(request.bucket(), request.key(), versionId),
                request.key(), versionId, "GET");
        CustomerKey.checkRead(key, object.encryption().customerKeyMd5()); // as a GET: SSE-C objects need their key
        GetObjectAttributesResponse.Builder response = GetObjectAttributesResponse.builder()
                .lastModified(object.lastModified())
                .versionId(ObjectVersions.header(bucket, object));
        if (wanted.contains(ObjectAttributes.E_TAG)) {
            response.eTag(Preconditions.unquote(object.etag()));
        }
        ObjectChecksum checksum = object.checksum();
        if (wanted.contains(ObjectAttributes.CHECKSUM) && checksum != null) {
            Checksum.Builder c = Checksum.builder().checksumType(checksum.type());
            String value = checksum.value();
            int dash = value.lastIndexOf('-');
            String whole = dash > 0 && "COMPOSITE".equals(checksum.type()) ? value.substring(0, dash) : value;
            ChecksumFields.set(checksum.algorithm(), whole, c::checksumCRC32, c::checksumCRC32C, c::checksumCRC64NVME,
                    c::checksumSHA1, c::checksumSHA256);
            response.checksum(c.build());
        }
        if (wanted.contains(ObjectAttributes.OBJECT_PARTS) && object.partCount() != null) {
            response.objectParts(parts(object, marker, max));
        }
        if (wanted.contains(ObjectAttributes.STORAGE_CLASS)) {
            response.storageClass(object.storageClass());
        }
        if (wanted.contains(ObjectAttributes.OBJECT_SIZE)) {
            response.objectSize(object.size());
        }
        return response.build();
    }

    private GetObjectAttributesParts parts(StoredObject object, int marker, int max) {
        List<PartRow> page = jdbc.sql("""
                select part_number, size, checksum from object_part where object_id = ? and part_number > ?
                order by part_number limit ?""")
                .params(object.id(), marker, max + 1)
                .query((rs, i) -> new PartRow(rs.getInt("part_number"), rs.getLong("size"), rs.getString("checksum")))
                .list();
        boolean truncated = page.size() > max;
        if (truncated) {
            page = page.subList(0, max);
        }
        GetObjectAttributesParts.Builder parts = GetObjectAttributesParts.builder()
                .totalPartsCount(object.partCount())
                .partNumberMarker(marker)
                .maxParts(max)
                .isTruncated(truncated);
        if (!page.isEmpty()) {
            parts.nextPartNumberMarker(page.get(page.size() - 1).partNumber());
        }
        String algorithm = object.checksum() == null ? null : object.checksum().algorithm();
        if (algorithm != null) {
            parts.parts(page.stream().map(p -> {
                software.amazon.awssdk.services.s3.model.ObjectPart.Builder part =
                        software.amazon.awssdk.services.s3.model.ObjectPart.builder().partNumber(p.partNumber()).size(p.size());
                ChecksumFields.set(algorithm, p.checksum(), part::checksumCRC32, part::checksumCRC32C,
                        part::checksumCRC64NVME, part::checksumSHA1, part::checksumSHA256);
                return part.build();
            }).toList());
        }
        return parts.build();
    }

    private static Set<ObjectAttributes> attributes(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw S3Errors.invalidRequest("The x-amz-object-attributes header specifying the attributes to be retrieved "
                    + "is either missing or empty");
        }
        Set<ObjectAttributes> wanted = new LinkedHashSet<>();
        for (String name : names) {
            ObjectAttributes attribute = ObjectAttributes.fromValue(name.trim());
            if (attribute == null || attribute == ObjectAttributes.UNKNOWN_TO_SDK_VERSION) {
                throw S3Errors.invalidArgument("Invalid attribute name specified.", "x-amz-object-attributes", name);
            }
            wanted.add(attribute);
        }
        return wanted;
    }

    private static int nonNegative(Integer value, int fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value < 0) {
            throw S3Errors.invalidArgument("Argument " + name + " must be an integer between 0 and 2147483647", name,
                    value.toString());
        }
        return name.equals("max-parts") ? Math.min(value, MAX_PARTS) : value;
    }
}
