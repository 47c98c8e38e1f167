package dev.overcast.s3.object;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.Shapes;
import dev.overcast.s3.AclGrants;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.archive.Restore;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.lock.ObjectLock;
import dev.overcast.s3.bucket.BucketStore;
import dev.overcast.s3.notification.Notifications;
import dev.overcast.s3.conditional.Preconditions;
import dev.overcast.s3.encryption.CustomerKey;
import dev.overcast.s3.encryption.Encryption;
import dev.overcast.s3.tagging.Tags;
import dev.overcast.s3.versioning.Versions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectResult;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * CopyObject: within a bucket or across buckets of the account, with the metadata and tagging directives and the
 * copy-source conditions; the source may be a version ({@code ?versionId=}), and copying an older version onto its
 * own key restores it as the current one.
 */
@AwsApi(api = "s3")
public class CopyObjectApi {

    private static final String COPY = "COPY";
    private static final String REPLACE = "REPLACE";

    private final BucketStore buckets;
    private final ObjectStore objects;
    private final Notifications notifications;

    public CopyObjectApi(BucketStore buckets, ObjectStore objects, Notifications notifications) {
        this.buckets = buckets;
        this.objects = objects;
        this.notifications = notifications;
    }

    public CopyObjectResponse copyObject(RequestContext ctx, CopyObjectRequest request) {
        ObjectRules.validateKey(request.key());
        WriteHeaders.validate(request.aclAsString(), request.storageClassAsString(), request.websiteRedirectLocation(),
                request.objectLockModeAsString());
        ObjectLockHeaders.refuse(request.objectLockMode(), request.objectLockRetainUntilDate(),
                request.objectLockLegalHoldStatus());
        CopySource source = CopySource.parse(ctx.header("x-amz-copy-source"));
        String ifMatch = request.ifMatch();
        String ifNoneMatch = request.ifNoneMatch();
        if (ifNoneMatch != null && !"*".equals(ifNoneMatch.trim())) {
            throw S3Errors.notImplementedHeader("If-None-Match"); // as for PutObject: only * is a write condition
        }
        String metadataDirective = directive(request.metadataDirectiveAsString(), "x-amz-metadata-directive",
                "Unknown metadata directive.");
        String taggingDirective = directive(request.taggingDirectiveAsString(), "x-amz-tagging-directive",
                "Unknown tagging directive.");
        Map<String, String> replacedMetadata = ObjectRules.userMetadata(request.metadata());
        Map<String, String> replacedTags = Tags.fromHeader(request.tagging());
        CustomerKey targetKey = CustomerKey.fromHeaders(request.sseCustomerAlgorithm(), request.sseCustomerKey(),
                request.sseCustomerKeyMD5(), true);
        CustomerKey sourceKey = CustomerKey.fromHeaders(request.copySourceSSECustomerAlgorithm(),
                request.copySourceSSECustomerKey(), request.copySourceSSECustomerKeyMD5(), true);
        List<Grant> grants = AclGrants.fromHeaders(ctx::header);
        Bucket target = buckets.require(ctx, request.bucket());
        ObjectAcl acl = ObjectAcl.forWrite(target, ctx, request.aclAsString(), grants); // never the source's
        Bucket sourceBucket = buckets.require(ctx, source.bucket());
        String sourceVersion = Versions.validate(source.versionId());
        Encryption encryption = Encryption.forWrite(request.serverSideEncryptionAsString(), request.ssekmsKeyId(),
                request.bucketKeyEnabled(), targetKey, target.encryption(), ctx.region(), ctx.account());
        boolean sameKey = source.bucket().equals(request.bucket()) && source.key().equals(request.key());
        String requestedClass = request.storageClass() == null ? null : request.storageClassAsString();
        ObjectStore.Copy copy = objects.copy(source.bucket(), source.key(), sourceVersion, from -> {
            ObjectWrite w;
            if (REPLACE.equals(metadataDirective)) {
                w = new ObjectWrite(request.bucket(), request.key(), new ContentHeaders(request.contentType(),
                        request.contentEncoding(), request.contentDisposition(), request.contentLanguage(),
                        request.cacheControl(), request.expires() == null ? null : request.expires().toString(),
                        request.websiteRedirectLocation()),
                        requestedClass == null ? StorageClass.STANDARD.toString() : requestedClass, replacedMetadata,
                        from.tags(), encryption);
            } else {
                ObjectWrite a = from.attributes().at(request.bucket(), request.key()).withEncryption(encryption);
                w = requestedClass == null ? a : a.withStorageClass(requestedClass);
            }
            // a copy never inherits its source's lock: it gets its bucket's default retention
            w = w.withLock(ObjectLockHeaders.forWrite(ObjectLock.NONE, target, objects.now(), ctx, false))
                    .withReplicationStatus(null) // nor its replication status: the target's rules decide
                    .withAcl(acl);
            return REPLACE.equals(taggingDirective) ? w.withTags(replacedTags) : w;
        }, from -> {
            if (sameKey && sourceVersion == null && COPY.equals(metadataDirective) && request.serverSideEncryption() == null
                    && targetKey == null
                    && (requestedClass == null || Objects.equals(requestedClass, from.storageClass()))) {
                throw S3Errors.invalidRequest("This copy request is illegal because it is trying to copy an object to "
                        + "itself without changing the object's metadata, storage class, website redirect location or "
                        + "encryption attributes.");
            }
            if (!from.readable(objects.now())) {
                throw Restore.invalidObjectState(from.storageClass());
            }
            Preconditions.forCopySource(from.etag(), from.lastModified(), request.copySourceIfMatch(),
                    request.copySourceIfUnmodifiedSince(), request.copySourceIfNoneMatch(),
                    request.copySourceIfModifiedSince());
        }, ifMatch == null && ifNoneMatch == null ? null
                : existing -> Preconditions.forWrite(existing.map(StoredObject::etag).orElse(null), request.key(),
                ifMatch, ifNoneMatch), sourceKey, targetKey, notifications.on(ctx, target, "CopyObject"));
        StoredObject stored = copy.stored();
        return Shapes.copyMembers(encryption.responseHeaders(), CopyObjectResponse.builder())
                .copyObjectResult(CopyObjectResult.builder().eTag(stored.etag()).lastModified(stored.lastModified()).build())
                .versionId(ObjectVersions.header(target, stored))
                .copySourceVersionId(ObjectVersions.header(sourceBucket, copy.source()))
                .build();
    }

    private static String directive(String value, String header, String message) {
        if (value == null) {
            return COPY;
        }
        if (!COPY.equals(value) && !REPLACE.equals(value)) {
            throw S3Errors.invalidArgument(message, header, value);
        }
        return value;
    }
}
