package dev.overcast.s3.object;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.Shapes;
import dev.overcast.common.api.StreamingResponse;
import dev.overcast.common.api.XmlRoot;
import dev.overcast.common.error.AwsException;
import dev.overcast.s3.AclGrants;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.archive.Restore;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.bucket.BucketStore;
import dev.overcast.s3.checksum.ChecksumFields;
import dev.overcast.s3.checksum.ObjectChecksum;
import dev.overcast.s3.checksum.UploadChecksum;
import dev.overcast.s3.conditional.Preconditions;
import dev.overcast.s3.encryption.CustomerKey;
import dev.overcast.s3.encryption.Encryption;
import dev.overcast.s3.lifecycle.LifecycleRules;
import dev.overcast.s3.lock.ObjectLock;
import dev.overcast.s3.notification.Notifications;
import dev.overcast.s3.tagging.Tags;
import dev.overcast.s3.versioning.Versions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * Object reads and writes: PutObject (conditional), GetObject and HeadObject (ranges, part numbers, conditions,
 * response header overrides), DeleteObject (conditional), DeleteObjects.
 */
@AwsApi(api = "s3")
public class ObjectApi {

    static final int MAX_DELETE_KEYS = 1000;
    /** Marks a put as a replica written by another bucket's replication (its status REPLICA). */
    public static final String REPLICA_HEADER = "x-overcast-replica";

    private final BucketStore buckets;
    private final ObjectStore objects;
    private final Notifications notifications;

    public ObjectApi(BucketStore buckets, ObjectStore objects, Notifications notifications) {
        this.buckets = buckets;
        this.objects = objects;
        this.notifications = notifications;
    }

    public PutObjectResponse putObject(RequestContext ctx, PutObjectRequest request) {
        S3Errors.requireLength(request.contentLength(), ctx);
        ObjectRules.validateKey(request.key());
        WriteHeaders.validate(request.aclAsString(), request.storageClassAsString(), request.websiteRedirectLocation(),
                request.objectLockModeAsString());
        Map<String, String> metadata = ObjectRules.userMetadata(request.metadata());
        CustomerKey key = CustomerKey.fromHeaders(request.sseCustomerAlgorithm(), request.sseCustomerKey(),
                request.sseCustomerKeyMD5(), true);
        String ifMatch = request.ifMatch();
        String ifNoneMatch = request.ifNoneMatch();
        if (ifNoneMatch != null && !"*".equals(ifNoneMatch.trim())) {
            throw S3Errors.notImplementedHeader("If-None-Match");
        }
        ObjectLock requestedLock = ObjectLockHeaders.requested(request.objectLockMode(),
                request.objectLockRetainUntilDate(), request.objectLockLegalHoldStatus());
        String declared = request.checksumAlgorithm() == null ? null : request.checksumAlgorithmAsString();
        UploadChecksum checksum = UploadChecksum.of(ctx, declared, ctx.body());
        List<Grant> grants = AclGrants.fromHeaders(ctx::header);
        ReplicaHeaders replica = ReplicaHeaders.of(ctx);
        ObjectStore.Upload body = objects.upload(checksum == null ? ctx.body() : checksum.stream(), key, request.contentLength());
        // on the bucket as cached: a put that finds it changed runs again on the same upload, which has lost nothing
        return buckets.with(ctx, request.bucket(), bucket -> {
            if (replica != null && replica.origin() != null && replica.origin().versionId() != null) {
                StoredObject done = objects.find(bucket.name(), request.key(), replica.origin().versionId()).orElse(null);
                if (done != null) { // replication trying again a copy that was made
                    return PutObjectResponse.builder().eTag(done.etag()).versionId(done.versionId()).build();
                }
            }
            if (replica != null && !bucket.accountId().equals(ctx.account())) {
                if (replica.ownerOverride()) {
                    buckets.checkAlso(ctx, bucket, ReplicaHeaders.OWNER_OVERRIDE_ACTION, request.key());
                }
                if (request.tagging() != null && !request.tagging().isEmpty()) { // the replica's tags, as on S3
                    buckets.checkAlso(ctx, bucket, ReplicaHeaders.REPLICATE_TAGS_ACTION, request.key());
                }
            }
            ObjectAcl acl = replica != null ? replica.acl(bucket, ObjectAcl.writer(ctx))
                    : ObjectAcl.forWrite(bucket, ctx, request.aclAsString(), grants);
            String storageClass = request.storageClass() == null ? StorageClass.STANDARD.toString()
                    : request.storageClassAsString();
            Encryption encryption = Encryption.forWrite(request.serverSideEncryptionAsString(), request.ssekmsKeyId(),
                    request.bucketKeyEnabled(), key, bucket.encryption(), ctx.region(), ctx.account());
            ObjectWrite write = new ObjectWrite(request.bucket(), request.key(), new ContentHeaders(request.contentType(),
                    request.contentEncoding(), request.contentDisposition(), request.contentLanguage(),
                    request.cacheControl(), request.expires() == null ? null : request.expires().toString(),
                    request.websiteRedirectLocation()), storageClass,
                    metadata, Tags.fromHeader(request.tagging()), encryption,
                    ObjectLockHeaders.forWrite(requestedLock, bucket, objects.now(), ctx, true),
                    replicaStatus(ctx), acl, replica == null ? null : replica.origin());
            if (ifMatch != null || ifNoneMatch != null) { // fail before the body goes up, and again under the key's lock
                Preconditions.forWrite(objects.find(request.bucket(), request.key()).map(StoredObject::etag).orElse(null),
                        request.key(), ifMatch, ifNoneMatch);
            }
            StoredObject stored = objects.put(bucket.version(), write, body, request.contentMD5(), checksum == null ? null
                            : () -> new ObjectChecksum(checksum.algorithm(), checksum.verify(), "FULL_OBJECT"),
                    ifMatch == null && ifNoneMatch == null ? null
                            : existing -> Preconditions.forWrite(existing.map(StoredObject::etag).orElse(null),
                            request.key(), ifMatch, ifNoneMatch), notifications.on(ctx, bucket, "PutObject"));
            PutObjectResponse.Builder response = Shapes.copyMembers(encryption.responseHeaders(), PutObjectResponse.builder())
                    .eTag(stored.etag())
                    .versionId(ObjectVersions.header(bucket, stored))
                    .expiration(expiration(bucket, stored))
                    .size(stored.size());
            if (stored.checksum() != null) {
                ChecksumFields.set(stored.checksum().algorithm(), stored.checksum().value(), response::checksumCRC32,
                        response::checksumCRC32C, response::checksumCRC64NVME, response::checksumSHA1,
                        response::checksumSHA256);
                response.checksumType(stored.checksum().type());
            }
            return response.build();
        });
    }

    public StreamingResponse<GetObjectResponse> getObject(RequestContext ctx, GetObjectRequest request) {
        Answer answer = answer(ctx, request, "GET");
        Selection s = answer.selection();
        if (s == null) {
            return StreamingResponse.headersOnly(answer.response(), 304);
        }
        return new StreamingResponse<>(answer.response(), s.status(), s.length(),
                out -> objects.read(answer.object(), s.first(), s.last(), out, answer.key()));
    }

    /** HEAD answers exactly as GET would, without the body. */
    public StreamingResponse<HeadObjectResponse> headObject(RequestContext ctx, HeadObjectRequest request) {
        Answer answer = answer(ctx, Shapes.copyMembers(request, GetObjectRequest.builder()).build(), "HEAD");
        HeadObjectResponse head = Shapes.copyMembers(answer.response(), HeadObjectResponse.builder()).build();
        return StreamingResponse.headersOnly(head, answer.selection() == null ? 304 : answer.selection().status());
    }

    /**
     * What a GET answers: the object, the bytes selected (null for 304 Not Modified), the headers and the
     * customer key to decrypt with (null unless SSE-C).
     */
    private record Answer(StoredObject object, Selection selection, GetObjectResponse response, CustomerKey key) {
    }

    private Answer answer(RequestContext ctx, GetObjectRequest request, String method) {
        String versionId = Versions.validate(request.versionId());
        CustomerKey key = CustomerKey.fromHeaders(request.sseCustomerAlgorithm(), request.sseCustomerKey(),
                request.sseCustomerKeyMD5(), false);
        String encryptionHeader = ctx.header("x-amz-server-side-encryption");
        return buckets.with(ctx, request.bucket(), bucket -> answer(request, method, versionId, key, encryptionHeader,
                bucket));
    }

    private Answer answer(GetObjectRequest request, String method, String versionId, CustomerKey key,
                          String encryptionHeader, Bucket bucket) {
        StoredObject object = ObjectVersions.readable(objects.find(bucket.name(), bucket.version(), request.key(), versionId,
                method.equals("GET")), request.key(), versionId, method);
        Instant now = objects.now();
        if (method.equals("GET") && !object.readable(now)) {
            throw Restore.invalidObjectState(object.storageClass());
        }
        if (encryptionHeader != null && !object.encryption().customer()) {
            // S3 answers 400 to a GET or HEAD naming the encryption of an SSE-S3 or SSE-KMS object
            throw S3Errors.encryptionHeaderNotSupported(encryptionHeader);
        }
        CustomerKey.checkRead(key, object.encryption().customerKeyMd5());
        if (Preconditions.forRead(object.etag(), object.lastModified(), request.ifMatch(), request.ifUnmodifiedSince(),
                request.ifNoneMatch(), request.ifModifiedSince()) == Preconditions.Outcome.NOT_MODIFIED) {
            return new Answer(object, null, GetObjectResponse.builder().eTag(object.etag())
                    .lastModified(object.lastModified()).versionId(ObjectVersions.header(bucket, object)).build(), key);
        }
        Selection s = select(object, request.range(), request.partNumber());
        GetObjectResponse.Builder response = Shapes.copyMembers(object.encryption().responseHeaders(),
                        GetObjectResponse.builder())
                .acceptRanges("bytes")
                .lastModified(object.lastModified())
                .eTag(object.etag())
                .versionId(ObjectVersions.header(bucket, object))
                .contentLength(s.length())
                .contentRange(s.contentRange())
                .partsCount(s.partsCount())
                .contentType(override(request.responseContentType(), contentType(object)))
                .contentEncoding(override(request.responseContentEncoding(), object.content().contentEncoding()))
                .contentDisposition(override(request.responseContentDisposition(), object.content().contentDisposition()))
                .contentLanguage(override(request.responseContentLanguage(), object.content().contentLanguage()))
                .cacheControl(override(request.responseCacheControl(), object.content().cacheControl()))
                .expires(request.responseExpires() != null ? request.responseExpires() : expires(object))
                .metadata(object.userMetadata())
                .tagCount(object.tags().isEmpty() ? null : object.tags().size())
                .expiration(expiration(bucket, object))
                .restore(object.restore() == null ? null : object.restore().header(now))
                .websiteRedirectLocation(object.content().websiteRedirect())
                .replicationStatus(object.attributes().replicationStatus())
                .objectLockMode(object.attributes().lock().mode())
                .objectLockRetainUntilDate(object.attributes().lock().retainUntil())
                .objectLockLegalHoldStatus(object.attributes().lock().legalHold())
                .storageClass(storageClass(object));
        ObjectChecksum checksum = object.checksum();
        if (checksum != null && request.checksumMode() == ChecksumMode.ENABLED && s.wholeObject()) {
            ChecksumFields.set(checksum.algorithm(), checksum.value(), response::checksumCRC32, response::checksumCRC32C,
                    response::checksumCRC64NVME, response::checksumSHA1, response::checksumSHA256);
            response.checksumType(checksum.type());
        }
        return new Answer(object, s, response.build(), key);
    }

    /** The bytes a GET or HEAD answers with: the whole object, a range, or a part. */
    record Selection(int status, long first, long last, String contentRange, Integer partsCount) {
        long length() {
            return last - first + 1;
        }

        /** The whole object's bytes (not a range or a part): what a stored checksum covers. */
        boolean wholeObject() {
            return contentRange == null && partsCount == null;
        }
    }

    private Selection select(StoredObject object, String rangeHeader, Integer partNumber) {
        Integer partsCount = object.partCount();
        if (partNumber != null) {
            if (rangeHeader != null) {
                throw S3Errors.invalidRequest("Cannot specify both Range header and partNumber query parameter");
            }
            int available = partsCount == null ? 1 : partsCount;
            if (partNumber < 1 || partNumber > available) {
                throw new AwsException("InvalidPartNumber", 416, "The requested partnumber is not satisfiable")
                        .with("PartNumberRequested", partNumber.toString())
                        .with("ActualPartCount", Integer.toString(available));
            }
            if (partsCount == null) {
                return new Selection(200, 0, object.size() - 1, null, null);
            }
            ObjectPart part = objects.parts(object.id()).get(partNumber - 1);
            long last = part.startOffset() + part.size() - 1;
            return new Selection(206, part.startOffset(), last,
                    "bytes " + part.startOffset() + "-" + last + "/" + object.size(), partsCount);
        }
        ByteRange range = ByteRange.parse(rangeHeader, object.size());
        if (range == null) {
            return new Selection(200, 0, object.size() - 1, null, null);
        }
        return new Selection(206, range.first(), range.last(),
                "bytes " + range.first() + "-" + range.last() + "/" + object.size(), null);
    }

    public StreamingResponse<DeleteObjectResponse> deleteObject(RequestContext ctx, DeleteObjectRequest request) {
        String versionId = Versions.validate(request.versionId());
        Bucket bucket = buckets.require(ctx, request.bucket());
        requireMfa(bucket, versionId, request.mfa());
        ObjectStore.Deletion deletion = delete(ctx, bucket, request.key(), versionId, request.ifMatch(),
                Boolean.TRUE.equals(request.bypassGovernanceRetention()));
        return StreamingResponse.headersOnly(DeleteObjectResponse.builder()
                .versionId(deletion.versionId())
                .deleteMarker(deletion.deleteMarker() ? Boolean.TRUE : null)
                .build(), 204);
    }

    /** A version under Object Lock stays (a GOVERNANCE retention goes with {@code bypassGovernance}). */
    private ObjectStore.Deletion delete(RequestContext ctx, Bucket bucket, String key, String versionId, String ifMatch,
                                        boolean bypassGovernance) {
        ReplicaHeaders replica = ReplicaHeaders.of(ctx);
        ReplicaOrigin replicaOf = replica == null || versionId != null ? null : replica.origin();
        if (replicaOf != null && replicaOf.versionId() != null
                && objects.find(bucket.name(), key, replicaOf.versionId()).isPresent()) {
            return new ObjectStore.Deletion(replicaOf.versionId(), true); // replication trying again a marker it made
        }
        return objects.delete(bucket.name(), key, versionId, ifMatch == null ? null
                : existing -> Preconditions.forWrite(existing.map(StoredObject::etag).orElse(null), key, ifMatch, null),
                !bucket.objectLockEnabled() ? null
                        : version -> version.attributes().lock().checkDelete(objects.now(), bypassGovernance),
                notifications.on(ctx, bucket, "DeleteObject"), replicaOf);
    }

    /**
     * Whether a request is S3's own replication writing (a copy, a delete marker, or a metadata change carried between
     * a version and its replica): the {@link #REPLICA_HEADER}, honoured only when the suite's key signed the request
     * (a client's header is ignored, its request then being an ordinary one). Under {@code OVERCAST_SIGV4=verify} only
     * the suite's services hold that key's secret, so no client can claim it; without verification no signature is
     * checked and any client may sign as any account anyway. Replication's requests are authorized as S3's
     * replication actions ({@code s3:ReplicateObject}, {@code s3:ReplicateTags}, {@code s3:ReplicateDelete}), which
     * another account's bucket policy must grant.
     */
    public static boolean byReplication(RequestContext ctx) {
        return "true".equals(ctx.header(REPLICA_HEADER)) && ctx.principal().suite();
    }

    private static String replicaStatus(RequestContext ctx) {
        return byReplication(ctx) ? "REPLICA" : null;
    }

    /** Deleting a version for good in a bucket with MFA delete enabled takes the {@code x-amz-mfa} header. */
    private static void requireMfa(Bucket bucket, String versionId, String mfa) {
        if (versionId != null && Versions.ENABLED.equals(bucket.mfaDelete()) && (mfa == null || mfa.isBlank())) {
            throw S3Errors.mfaRequired();
        }
    }

    @XmlRoot("DeleteResult")
    public DeleteObjectsResponse deleteObjects(RequestContext ctx, DeleteObjectsRequest request) {
        UploadChecksum.requireDigest(ctx);
        Bucket bucket = buckets.require(ctx, request.bucket());
        List<ObjectIdentifier> keys = request.delete() == null ? List.of() : request.delete().objects();
        if (keys.isEmpty() || keys.size() > MAX_DELETE_KEYS) {
            throw S3Errors.malformedXml();
        }
        boolean quiet = Boolean.TRUE.equals(request.delete().quiet());
        List<DeletedObject> deleted = new ArrayList<>();
        List<S3Error> errors = new ArrayList<>();
        for (ObjectIdentifier id : keys) {
            try {
                if (id.key() == null || id.key().isEmpty()) {
                    throw S3Errors.invalidArgument("Key must not be empty", "Key", "");
                }
                ObjectRules.validateKey(id.key());
                String versionId = Versions.validate(id.versionId());
                requireMfa(bucket, versionId, request.mfa());
                ObjectStore.Deletion deletion = delete(ctx, bucket, id.key(), versionId, id.eTag(),
                        Boolean.TRUE.equals(request.bypassGovernanceRetention()));
                if (!quiet) {
                    deleted.add(DeletedObject.builder().key(id.key()).versionId(versionId)
                            .deleteMarker(deletion.deleteMarker() ? Boolean.TRUE : null)
                            .deleteMarkerVersionId(deletion.deleteMarker() ? deletion.versionId() : null).build());
                }
            } catch (AwsException e) {
                errors.add(S3Error.builder().key(id.key()).versionId(id.versionId()).code(e.code())
                        .message(e.getMessage()).build());
            }
        }
        return DeleteObjectsResponse.builder().deleted(deleted).errors(errors).build();
    }

    /** The {@code x-amz-expiration} header of a current version, from the bucket's lifecycle rules as cached. */
    static String expiration(Bucket bucket, StoredObject object) {
        if (bucket.lifecycle() == null || !object.latest()) {
            return null;
        }
        return LifecycleRules.of(bucket.lifecycle()).expirationHeader(object.key(), object.size(), object.tags(),
                object.lastModified());
    }

    private static String override(String requested, String stored) {
        return requested != null ? requested : stored;
    }

    static String contentType(StoredObject object) {
        String stored = object.content().contentType();
        return stored == null ? "binary/octet-stream" : stored;
    }

    static String storageClass(StoredObject object) {
        return StorageClass.STANDARD.toString().equals(object.storageClass()) ? null : object.storageClass();
    }

    private static Instant expires(StoredObject object) {
        String stored = object.content().expires();
        if (stored == null) {
            return null;
        }
        try {
            return Instant.parse(stored);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
