package dev.overcast.s3.multipart;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.Shapes;
import dev.overcast.common.api.StreamingResponse;
import dev.overcast.common.api.XmlRoot;
import dev.overcast.s3.AclGrants;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.S3Owners;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.bucket.BucketStore;
import dev.overcast.s3.checksum.Md5;
import dev.overcast.s3.checksum.ChecksumFields;
import dev.overcast.s3.checksum.ChecksumOutput;
import dev.overcast.s3.checksum.UploadChecksum;
import dev.overcast.s3.conditional.Preconditions;
import dev.overcast.s3.encryption.CustomerKey;
import dev.overcast.s3.encryption.Encryption;
import dev.overcast.s3.encryption.SealedBody;
import dev.overcast.s3.notification.Notifications;
import dev.overcast.s3.notification.ObjectEvents;
import dev.overcast.s3.object.ChunkStore;
import dev.overcast.s3.object.ContentHeaders;
import dev.overcast.s3.object.CopySource;
import dev.overcast.s3.object.Listings;
import dev.overcast.s3.object.ObjectAcl;
import dev.overcast.s3.object.ObjectLockHeaders;
import dev.overcast.s3.object.ObjectRules;
import dev.overcast.s3.object.ObjectStore;
import dev.overcast.s3.object.ObjectVersions;
import dev.overcast.s3.object.ObjectWrite;
import dev.overcast.s3.object.StoredObject;
import dev.overcast.s3.object.WriteHeaders;
import dev.overcast.s3.tagging.Tags;
import dev.overcast.s3.versioning.Versions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyPartResult;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Initiator;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListPartsRequest;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Owner;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Multipart upload: CreateMultipartUpload, UploadPart, UploadPartCopy, CompleteMultipartUpload,
 * AbortMultipartUpload, ListParts, ListMultipartUploads.
 */
@AwsApi(api = "s3")
public class MultipartApi {

    static final int MAX_PARTS = 1000;
    static final int MAX_PART_NUMBER = 10_000;
    private static final Pattern COPY_RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BucketStore buckets;
    private final ObjectStore objects;
    private final ChunkStore chunks;
    private final MultipartStore uploads;
    private final Notifications notifications;

    public MultipartApi(BucketStore buckets, ObjectStore objects, ChunkStore chunks, MultipartStore uploads,
                        Notifications notifications) {
        this.buckets = buckets;
        this.objects = objects;
        this.chunks = chunks;
        this.uploads = uploads;
        this.notifications = notifications;
    }

    @XmlRoot("InitiateMultipartUploadResult")
    public CreateMultipartUploadResponse createMultipartUpload(RequestContext ctx, CreateMultipartUploadRequest request) {
        ObjectRules.validateKey(request.key());
        WriteHeaders.validate(request.aclAsString(), request.storageClassAsString(), request.websiteRedirectLocation(),
                request.objectLockModeAsString());
        var requestedLock = ObjectLockHeaders.requested(request.objectLockMode(), request.objectLockRetainUntilDate(),
                request.objectLockLegalHoldStatus());
        var metadata = ObjectRules.userMetadata(request.metadata());
        CustomerKey key = CustomerKey.fromHeaders(request.sseCustomerAlgorithm(), request.sseCustomerKey(),
                request.sseCustomerKeyMD5(), true);
        List<Grant> grants = AclGrants.fromHeaders(ctx::header);
        Bucket bucket = buckets.require(ctx, request.bucket());
        ObjectAcl acl = ObjectAcl.forWrite(bucket, ctx, request.aclAsString(), grants); // the completed object's
        String storageClass = request.storageClass() == null ? StorageClass.STANDARD.toString() : request.storageClassAsString();
        Encryption encryption = Encryption.forWrite(request.serverSideEncryptionAsString(), request.ssekmsKeyId(),
                request.bucketKeyEnabled(), key, bucket.encryption(), ctx.region(), ctx.account());
        String algorithm = request.checksumAlgorithm() == null ? null : request.checksumAlgorithmAsString();
        if (algorithm != null && !UploadChecksum.ALGORITHMS.contains(algorithm)) {
            throw S3Errors.invalidRequest("Checksum algorithm provided is unsupported. Please try again with any of "
                    + "the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
        }
        ObjectWrite object = new ObjectWrite(request.bucket(), request.key(), new ContentHeaders(request.contentType(),
                request.contentEncoding(), request.contentDisposition(), request.contentLanguage(),
                request.cacheControl(), request.expires() == null ? null : request.expires().toString(),
                    request.websiteRedirectLocation()), storageClass,
                metadata, Tags.fromHeader(request.tagging()), encryption,
                ObjectLockHeaders.forWrite(requestedLock, bucket, objects.now(), ctx, false)).withAcl(acl);
        String checksumType = MultipartChecksum.type(algorithm,
                request.checksumType() == null ? null : request.checksumTypeAsString());
        Upload upload = new Upload(newUploadId(), ctx.account(), objects.now(), object,
                algorithm, checksumType);
        uploads.create(upload);
        return Shapes.copyMembers(encryption.responseHeaders(), CreateMultipartUploadResponse.builder())
                .bucket(request.bucket())
                .key(request.key())
                .uploadId(upload.id())
                .checksumAlgorithm(algorithm)
                .checksumType(checksumType)
                .build();
    }

    public UploadPartResponse uploadPart(RequestContext ctx, UploadPartRequest request) {
        S3Errors.requireLength(request.contentLength(), ctx);
        int partNumber = partNumber(request.partNumber());
        buckets.require(ctx, request.bucket());
        Upload upload = uploads.require(request.bucket(), request.key(), request.uploadId());
        CustomerKey key = CustomerKey.fromHeaders(request.sseCustomerAlgorithm(), request.sseCustomerKey(),
                request.sseCustomerKeyMD5(), true);
        CustomerKey.checkPart(key, upload.object().encryption().customerKeyMd5());
        byte[] expectedMd5 = Md5.decodeHeader(request.contentMD5());
        String declared = request.checksumAlgorithm() == null ? null : request.checksumAlgorithmAsString();
        UploadChecksum checksum = UploadChecksum.of(ctx, declared, ctx.body());
        // a composite upload's checksum is made of its parts': each part must come with one, in the upload's algorithm
        boolean required = MultipartChecksum.COMPOSITE.equals(upload.checksumType());
        if (upload.checksumAlgorithm() != null && (checksum == null ? required
                : !checksum.algorithm().equals(upload.checksumAlgorithm()))) {
            throw S3Errors.invalidRequest("Checksum Type mismatch occurred, expected checksum Type: "
                    + upload.checksumAlgorithm().toLowerCase(java.util.Locale.ROOT) + ", actual checksum Type: "
                    + (checksum == null ? "null" : checksum.algorithm().toLowerCase(java.util.Locale.ROOT)));
        }
        InputStream body = checksum == null ? ctx.body() : checksum.stream();
        UploadedPart part = uploads.putPart(upload, partNumber, () -> {
            SealedBody sealed = SealedBody.of(body, key);
            ChunkStore.Written written = chunks.write(sealed.stream(), request.contentLength());
            if (expectedMd5 != null && !MessageDigest.isEqual(expectedMd5, sealed.plainMd5(written.md5()))) {
                throw S3Errors.badDigest();
            }
            return new MultipartStore.PartBytes(written, checksum == null ? null : checksum.verify(), sealed.iv());
        });
        UploadPartResponse.Builder response = Shapes.copyMembers(upload.object().encryption().responseHeaders(),
                        UploadPartResponse.builder())
                .eTag(part.etag());
        if (checksum != null) {
            ChecksumFields.set(checksum.algorithm(), part.checksum(), response::checksumCRC32, response::checksumCRC32C,
                    response::checksumCRC64NVME, response::checksumSHA1, response::checksumSHA256);
        }
        return response.build();
    }

    public UploadPartCopyResponse uploadPartCopy(RequestContext ctx, UploadPartCopyRequest request) {
        int partNumber = partNumber(request.partNumber());
        buckets.require(ctx, request.bucket());
        Upload upload = uploads.require(request.bucket(), request.key(), request.uploadId());
        CopySource source = CopySource.parse(ctx.header("x-amz-copy-source"));
        CustomerKey key = CustomerKey.fromHeaders(request.sseCustomerAlgorithm(), request.sseCustomerKey(),
                request.sseCustomerKeyMD5(), true);
        CustomerKey.checkPart(key, upload.object().encryption().customerKeyMd5());
        CustomerKey sourceKey = CustomerKey.fromHeaders(request.copySourceSSECustomerAlgorithm(),
                request.copySourceSSECustomerKey(), request.copySourceSSECustomerKeyMD5(), true);
        Bucket sourceBucket = buckets.require(ctx, source.bucket());
        String sourceVersion = Versions.validate(source.versionId());
        String rangeHeader = request.copySourceRange();
        StoredObject[] copied = new StoredObject[1];
        UploadedPart part = uploads.putPart(upload, partNumber, () -> {
            StoredObject from = ObjectVersions.copySource(objects.findForShare(source.bucket(), source.key(), sourceVersion),
                    source.key(), sourceVersion);
            copied[0] = from;
            CustomerKey.checkRead(sourceKey, from.encryption().customerKeyMd5());
            Preconditions.forCopySource(from.etag(), from.lastModified(), request.copySourceIfMatch(),
                    request.copySourceIfUnmodifiedSince(), request.copySourceIfNoneMatch(),
                    request.copySourceIfModifiedSince());
            long first = 0;
            long last = from.size() - 1;
            if (rangeHeader != null) {
                Matcher m = COPY_RANGE.matcher(rangeHeader.trim());
                if (!m.matches()) {
                    throw S3Errors.invalidCopySourceRange(rangeHeader);
                }
                first = Long.parseLong(m.group(1));
                last = Long.parseLong(m.group(2));
                if (last < first || last >= from.size()) {
                    throw S3Errors.copySourceRangeOutside(rangeHeader, from.size());
                }
            }
            try (ChunkStore.BlobOutput out = chunks.openBlob()) {
                byte[] iv = key == null ? null : CustomerKey.newIv();
                OutputStream sealed = key == null ? out : key.crypt(out, iv, 0);
                String algorithm = upload.checksumAlgorithm();
                ChecksumOutput sum = algorithm == null ? null : new ChecksumOutput(sealed, algorithm);
                objects.copyBytes(from, first, last, sum == null ? sealed : sum, sourceKey);
                return new MultipartStore.PartBytes(out.written(), sum == null ? null : sum.base64(), iv);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        CopyPartResult.Builder result = CopyPartResult.builder().eTag(part.etag()).lastModified(part.lastModified());
        ChecksumFields.set(upload.checksumAlgorithm(), part.checksum(), result::checksumCRC32, result::checksumCRC32C,
                result::checksumCRC64NVME, result::checksumSHA1, result::checksumSHA256);
        return Shapes.copyMembers(upload.object().encryption().responseHeaders(), UploadPartCopyResponse.builder())
                .copyPartResult(result.build())
                .copySourceVersionId(ObjectVersions.header(sourceBucket, copied[0]))
                .build();
    }

    public CompleteMultipartUploadResponse completeMultipartUpload(RequestContext ctx,
                                                                   CompleteMultipartUploadRequest request) {
        Bucket bucket = buckets.require(ctx, request.bucket());
        Optional<Upload> open = uploads.find(request.bucket(), request.key(), request.uploadId());
        // a retry of a complete that succeeded answers as the first did, while its object is still the key's current one
        StoredObject stored = open.isPresent() ? complete(open.get(), request, notifications.on(ctx, bucket,
                "CompleteMultipartUpload"))
                : uploads.completed(request.bucket(), request.key(), request.uploadId());
        CompleteMultipartUploadResponse.Builder response = Shapes.copyMembers(stored.encryption().responseHeaders(),
                        CompleteMultipartUploadResponse.builder())
                .location(location(ctx, request.bucket(), request.key()))
                .bucket(request.bucket())
                .key(request.key())
                .eTag(stored.etag())
                .versionId(ObjectVersions.header(bucket, stored));
        if (stored.checksum() != null) {
            ChecksumFields.set(stored.checksum().algorithm(), stored.checksum().value(), response::checksumCRC32,
                    response::checksumCRC32C, response::checksumCRC64NVME, response::checksumSHA1, response::checksumSHA256);
            response.checksumType(stored.checksum().type());
        }
        return response.build();
    }

    private StoredObject complete(Upload upload, CompleteMultipartUploadRequest request, ObjectEvents events) {
        if (request.ifNoneMatch() != null && !"*".equals(request.ifNoneMatch().trim())) {
            throw S3Errors.notImplementedHeader("If-None-Match");
        }
        List<CompletedPart> parts = request.multipartUpload() == null ? List.of() : request.multipartUpload().parts();
        if (parts.isEmpty()) {
            throw S3Errors.malformedXml();
        }
        String expected = upload.checksumAlgorithm() == null ? null : switch (upload.checksumAlgorithm()) {
            case "CRC32" -> request.checksumCRC32();
            case "CRC32C" -> request.checksumCRC32C();
            case "CRC64NVME" -> request.checksumCRC64NVME();
            case "SHA1" -> request.checksumSHA1();
            case "SHA256" -> request.checksumSHA256();
            default -> null;
        };
        return uploads.complete(upload, parts, expected,
                request.ifMatch() == null && request.ifNoneMatch() == null ? null
                        : existing -> Preconditions.forWrite(existing.map(StoredObject::etag).orElse(null), request.key(),
                        request.ifMatch(), request.ifNoneMatch()), events);
    }

    public StreamingResponse<AbortMultipartUploadResponse> abortMultipartUpload(RequestContext ctx,
                                                                                AbortMultipartUploadRequest request) {
        buckets.require(ctx, request.bucket());
        uploads.abort(uploads.require(request.bucket(), request.key(), request.uploadId()));
        return StreamingResponse.headersOnly(AbortMultipartUploadResponse.builder().build(), 204);
    }

    public ListPartsResponse listParts(RequestContext ctx, ListPartsRequest request) {
        buckets.require(ctx, request.bucket());
        Upload upload = uploads.require(request.bucket(), request.key(), request.uploadId());
        int max = request.maxParts() == null ? MAX_PARTS : request.maxParts();
        if (max < 0) {
            throw S3Errors.invalidArgument("Argument max-parts must be an integer between 0 and 2147483647",
                    "max-parts", Integer.toString(max));
        }
        max = Math.min(max, MAX_PARTS);
        int marker = request.partNumberMarker() == null ? 0 : request.partNumberMarker();
        List<UploadedPart> page = uploads.parts(upload.id(), marker, max + 1);
        boolean truncated = page.size() > max;
        if (truncated) {
            page = page.subList(0, max);
        }
        Owner owner = S3Owners.of(upload.accountId());
        String algorithm = upload.checksumAlgorithm();
        ListPartsResponse.Builder response = ListPartsResponse.builder()
                .bucket(request.bucket())
                .key(request.key())
                .uploadId(upload.id())
                .partNumberMarker(marker)
                .maxParts(max)
                .isTruncated(truncated)
                .initiator(Initiator.builder().id(owner.id()).displayName(owner.displayName()).build())
                .owner(owner)
                .storageClass(upload.object().storageClass())
                .checksumAlgorithm(algorithm)
                .checksumType(upload.checksumType())
                .parts(page.stream().map(p -> part(p, algorithm)).toList());
        if (!page.isEmpty()) {
            response.nextPartNumberMarker(page.get(page.size() - 1).partNumber());
        }
        return response.build();
    }

    public ListMultipartUploadsResponse listMultipartUploads(RequestContext ctx, ListMultipartUploadsRequest request) {
        buckets.require(ctx, request.bucket());
        int max = request.maxUploads() == null ? MAX_PARTS : request.maxUploads();
        if (max < 0) {
            throw S3Errors.invalidArgument("Argument max-uploads must be an integer between 0 and 2147483647",
                    "max-uploads", Integer.toString(max));
        }
        max = Math.min(max, MAX_PARTS);
        boolean url = Listings.urlEncoding(request.encodingTypeAsString());
        MultipartStore.UploadListing page = uploads.list(request.bucket(), request.prefix(), request.delimiter(),
                request.keyMarker(), request.uploadIdMarker(), max);
        ListMultipartUploadsResponse.Builder response = ListMultipartUploadsResponse.builder()
                .bucket(request.bucket())
                .keyMarker(Listings.encode(request.keyMarker() == null ? "" : request.keyMarker(), url))
                .uploadIdMarker(request.uploadIdMarker() == null ? "" : request.uploadIdMarker())
                .prefix(Listings.encode(request.prefix(), url))
                .delimiter(Listings.delimiter(request.delimiter(), url))
                .maxUploads(max)
                .encodingType(url ? EncodingType.URL : null)
                .isTruncated(page.truncated())
                .uploads(page.uploads().stream().map(u -> {
                    Owner owner = S3Owners.of(u.accountId());
                    return MultipartUpload.builder()
                            .uploadId(u.id())
                            .key(Listings.encode(u.key(), url))
                            .initiated(u.initiated())
                            .storageClass(u.object().storageClass())
                            .owner(owner)
                            .initiator(Initiator.builder().id(owner.id()).displayName(owner.displayName()).build())
                            .checksumAlgorithm(u.checksumAlgorithm())
                            .checksumType(u.checksumType())
                            .build();
                }).toList())
                .commonPrefixes(Listings.prefixes(page.commonPrefixes(), url));
        if (page.truncated()) {
            if (!page.uploads().isEmpty()) {
                Upload last = page.uploads().get(page.uploads().size() - 1);
                response.nextKeyMarker(Listings.encode(last.key(), url)).nextUploadIdMarker(last.id());
            }
            if (!page.commonPrefixes().isEmpty()) {
                String lastPrefix = page.commonPrefixes().get(page.commonPrefixes().size() - 1);
                if (page.uploads().isEmpty() || lastPrefix.compareTo(page.uploads().get(page.uploads().size() - 1).key()) > 0) {
                    response.nextKeyMarker(Listings.encode(lastPrefix, url)).nextUploadIdMarker(null);
                }
            }
        }
        return response.build();
    }

    private static Part part(UploadedPart p, String algorithm) {
        Part.Builder b = Part.builder().partNumber(p.partNumber()).lastModified(p.lastModified()).eTag(p.etag()).size(p.size());
        if (algorithm != null) {
            ChecksumFields.set(algorithm, p.checksum(), b::checksumCRC32, b::checksumCRC32C, b::checksumCRC64NVME,
                    b::checksumSHA1, b::checksumSHA256);
        }
        return b.build();
    }

    private static int partNumber(Integer requested) {
        if (requested == null || requested < 1 || requested > MAX_PART_NUMBER) {
            throw S3Errors.invalidPartNumber(requested == null ? 0 : requested);
        }
        return requested;
    }

    private static String location(RequestContext ctx, String bucket, String key) {
        String host = ctx.header("Host");
        return "http://" + (host == null ? "localhost" : host) + "/" + bucket + "/" + key;
    }

    static String newUploadId() {
        byte[] bytes = new byte[48];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
