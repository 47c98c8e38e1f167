package dev.overcast.s3.post;

import dev.overcast.common.auth.Principal;
import dev.overcast.common.auth.SigV4Authenticator;
import dev.overcast.common.auth.SigV4Credential;
import dev.overcast.common.dispatch.DispatchHook;
import dev.overcast.common.error.AwsException;
import dev.overcast.common.http.AwsHttpRequest;
import dev.overcast.common.http.AwsHttpResponse;
import dev.overcast.common.protocol.xml.XmlValueWriter;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.S3Paths;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.bucket.BucketStore;
import dev.overcast.s3.policy.PolicyAccess;
import dev.overcast.s3.encryption.CustomerKey;
import dev.overcast.s3.encryption.Encryption;
import dev.overcast.s3.notification.Notifications;
import dev.overcast.s3.object.ContentHeaders;
import dev.overcast.s3.object.ObjectAcl;
import dev.overcast.s3.object.ObjectLockHeaders;
import dev.overcast.s3.object.ObjectRules;
import dev.overcast.s3.object.ObjectStore;
import dev.overcast.s3.object.ObjectVersions;
import dev.overcast.s3.object.ObjectWrite;
import dev.overcast.s3.object.StoredObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * S3's browser-form upload (POST Object): {@code POST /bucket} with a {@code multipart/form-data} body. The fields
 * before the file (at most 20 KB) carry the key ({@code ${filename}} replaced by the file's name), the base64 policy
 * document and its SigV4 signature, content headers, metadata and tagging; the file, which must come last, streams
 * straight into the object store, its size held to the policy's {@code content-length-range}.
 */
@Component
@Order(10)
public class PostObjectHook implements DispatchHook {

    static final int MAX_FIELDS_BYTES = 20 * 1024;

    private final BucketStore buckets;
    private final ObjectStore objects;
    private final SigV4Authenticator authenticator;
    private final Notifications notifications;
    private final PolicyAccess access;
    private final Clock clock = Clock.systemUTC();

    public PostObjectHook(BucketStore buckets, ObjectStore objects, SigV4Authenticator authenticator,
                          Notifications notifications, PolicyAccess access) {
        this.access = access;
        this.buckets = buckets;
        this.objects = objects;
        this.authenticator = authenticator;
        this.notifications = notifications;
    }

    @Override
    public boolean answers(AwsHttpRequest request) {
        if (!"POST".equals(request.method()) || (request.rawQuery() != null && !request.rawQuery().isEmpty())) {
            return false;
        }
        S3Paths path = S3Paths.of(request.rawPath());
        return path.bucket() != null && path.rawKey() == null
                && FormDataReader.boundary(request.header("Content-Type")) != null;
    }

    @Override
    public void answer(String requestId, AwsHttpRequest request, AwsHttpResponse response) throws IOException {
        String bucketName = S3Paths.of(request.rawPath()).bucket();
        FormDataReader form = new FormDataReader(request.body(), FormDataReader.boundary(request.header("Content-Type")));
        Map<String, String> fields = new LinkedHashMap<>();
        FormDataReader.Part file = readFields(form, fields);
        if (file == null) {
            throw S3Errors.invalidArgument("POST requires exactly one file upload per request.", "file", "0");
        }
        String rawKey = fields.get("key");
        if (rawKey == null) {
            throw PostPolicy.missingField("key");
        }
        Principal principal = authenticate(fields);
        Bucket bucket = buckets.find(bucketName).orElseThrow(() -> S3Errors.noSuchBucket(bucketName));
        boolean anonymous = access.anonymous(principal);
        if (!anonymous && !bucket.accountId().equals(principal.accountId())) {
            throw S3Errors.accessDenied();
        }
        PostPolicy policy = fields.containsKey("policy") ? PostPolicy.parse(fields.get("policy")) : null;
        if (policy != null) {
            policy.check(fields, bucketName, clock.instant());
        }
        String key = rawKey.replace("${filename}", file.filename() == null ? "" : file.filename());
        if (key.isEmpty()) {
            throw S3Errors.invalidArgument("User key must have a length greater than 0.", "key", "");
        }
        ObjectRules.validateKey(key);
        if (anonymous && !access.anonymousMay(bucket, "s3:PutObject", key)) {
            throw S3Errors.accessDenied(); // an unsigned form uploads only where the policy or ACL lets anyone write
        }
        ObjectLockHeaders.refuse(fields.get("x-amz-object-lock-mode"), fields.get("x-amz-object-lock-retain-until-date"),
                fields.get("x-amz-object-lock-legal-hold"));
        // SSE-C from the form's fields, validated as PutObject validates the headers
        CustomerKey customerKey = CustomerKey.fromHeaders(fields.get("x-amz-server-side-encryption-customer-algorithm"),
                fields.get("x-amz-server-side-encryption-customer-key"),
                fields.get("x-amz-server-side-encryption-customer-key-md5"), true);
        String cannedAcl = fields.get("acl");
        if (cannedAcl != null && ObjectCannedACL.fromValue(cannedAcl) == ObjectCannedACL.UNKNOWN_TO_SDK_VERSION) {
            throw S3Errors.invalidArgument("", "acl", cannedAcl);
        }
        ObjectWrite write = write(bucket, key, fields, principal, customerKey)
                .withAcl(ObjectAcl.forWrite(bucket, anonymous ? null : principal.accountId(), cannedAcl, null));

        Long min = policy == null ? null : policy.minLength();
        Long max = policy == null ? null : policy.maxLength();
        LimitedInputStream body = new LimitedInputStream(form.content(), max);
        StoredObject stored = objects.put(null, write, objects.upload(body, customerKey, null), null, () -> {
            if (min != null && body.count() < min) {
                throw PostPolicy.tooSmall(body.count(), min);
            }
            return null;
        }, null, notifications.on(bucket, "POST Object", requestId, principal, request.header("X-Forwarded-For")));
        try {
            while (form.next() != null) {
                // fields after the file are ignored, as on S3
            }
        } catch (FormDataReader.MalformedException e) {
            // the object is stored; a ragged tail changes nothing
        }
        respond(request, response, fields, bucket, stored);
    }

    /** Reads the fields up to the file part (returned; null when there is none), lower-case names, first wins. */
    private static FormDataReader.Part readFields(FormDataReader form, Map<String, String> fields) throws IOException {
        int total = 0;
        try {
            for (FormDataReader.Part part = form.next(); part != null; part = form.next()) {
                if (part.name().equalsIgnoreCase("file")) {
                    return part;
                }
                String value;
                try {
                    value = form.readValue(MAX_FIELDS_BYTES - total);
                } catch (FormDataReader.TooLongException e) {
                    throw new AwsException("MaxPostPreDataLengthExceeded", 400,
                            "Your POST request fields preceeding the upload file was too large.")
                            .with("MaxPostPreDataLength", Integer.toString(MAX_FIELDS_BYTES));
                }
                total += value.getBytes(StandardCharsets.UTF_8).length + part.name().length();
                fields.putIfAbsent(part.name().toLowerCase(Locale.ROOT), value);
            }
            return null;
        } catch (FormDataReader.MalformedException e) {
            throw PostPolicy.malformed();
        }
    }

    /**
     * Who uploads: the signer of the policy (SigV4 fields, or the legacy AWSAccessKeyId/signature pair), or the
     * anonymous principal without one.
     */
    private Principal authenticate(Map<String, String> fields) {
        String policy = fields.get("policy");
        if (policy == null) {
            if (fields.containsKey("x-amz-signature") || fields.containsKey("x-amz-credential")
                    || fields.containsKey("signature") || fields.containsKey("awsaccesskeyid")) {
                throw PostPolicy.missingField("policy");
            }
            return new Principal(null, authenticator.settings().defaultAccount(), authenticator.settings().defaultRegion(),
                    null);
        }
        if (fields.containsKey("awsaccesskeyid") && !fields.containsKey("x-amz-credential")) {
            if (!fields.containsKey("signature")) {
                throw PostPolicy.missingField("signature");
            }
            return authenticator.verifyPostPolicyV2(fields.get("awsaccesskeyid"), policy, fields.get("signature"));
        }
        for (String required : new String[] {"x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-signature"}) {
            if (!fields.containsKey(required)) {
                throw PostPolicy.missingField(required);
            }
        }
        if (!SigV4Credential.ALGORITHM.equals(fields.get("x-amz-algorithm"))) {
            throw S3Errors.invalidArgument("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"", "x-amz-algorithm",
                    fields.get("x-amz-algorithm"));
        }
        return authenticator.verifyPostPolicy(fields.get("x-amz-credential"), policy, fields.get("x-amz-signature"));
    }

    private ObjectWrite write(Bucket bucket, String key, Map<String, String> fields, Principal principal,
                                     CustomerKey customerKey) {
        Map<String, String> metadata = new LinkedHashMap<>();
        fields.forEach((name, value) -> {
            if (name.startsWith("x-amz-meta-")) {
                metadata.put(name.substring("x-amz-meta-".length()), value);
            }
        });
        String storageClass = fields.getOrDefault("x-amz-storage-class", StorageClass.STANDARD.toString());
        if (StorageClass.fromValue(storageClass) == StorageClass.UNKNOWN_TO_SDK_VERSION) {
            throw S3Errors.invalidStorageClass(storageClass);
        }
        Encryption encryption = Encryption.forWrite(fields.get("x-amz-server-side-encryption"),
                fields.get("x-amz-server-side-encryption-aws-kms-key-id"), null, customerKey, bucket.encryption(),
                principal.region(), principal.accountId());
        return new ObjectWrite(bucket.name(), key, new ContentHeaders(fields.get("content-type"),
                fields.get("content-encoding"), fields.get("content-disposition"), fields.get("content-language"),
                fields.get("cache-control"), HttpDates.toInstantString(fields.get("expires")),
                fields.get("x-amz-website-redirect-location")), storageClass,
                ObjectRules.userMetadata(metadata),
                TaggingXml.tags(fields.get("tagging")), encryption,
                ObjectLockHeaders.forWrite(dev.overcast.s3.lock.ObjectLock.NONE, bucket, objects.now(), null, false));
    }

    private static void respond(AwsHttpRequest request, AwsHttpResponse response, Map<String, String> fields,
                                Bucket target, StoredObject stored) throws IOException {
        String bucket = target.name();
        String encodedKey = SdkHttpUtils.urlEncodeIgnoreSlashes(stored.key());
        String host = request.header("Host");
        boolean virtualHost = request.header(SigV4Authenticator.ORIGINAL_URI_HEADER) != null;
        String location = "http://" + host + (virtualHost ? "" : "/" + bucket) + "/" + encodedKey;
        response.setHeader("ETag", stored.etag());
        response.setHeader("Location", location);
        Encryption encryption = stored.encryption();
        if (encryption.customer()) {
            response.setHeader("x-amz-server-side-encryption-customer-algorithm", Encryption.AES256);
            response.setHeader("x-amz-server-side-encryption-customer-key-MD5", encryption.customerKeyMd5());
        } else if (encryption.algorithm() != null) {
            response.setHeader("x-amz-server-side-encryption", encryption.algorithm());
            if (encryption.responseKeyId() != null) {
                response.setHeader("x-amz-server-side-encryption-aws-kms-key-id", encryption.responseKeyId());
            }
        }
        String versionId = ObjectVersions.header(target, stored); // "null" once the bucket's versioning was ever configured
        if (versionId != null) {
            response.setHeader("x-amz-version-id", versionId);
        }
        String redirect = fields.getOrDefault("success_action_redirect", fields.get("redirect"));
        if (redirect != null && !redirect.isEmpty()) {
            response.setHeader("Location", redirect + (redirect.contains("?") ? "&" : "?")
                    + "bucket=" + SdkHttpUtils.urlEncode(bucket) + "&key=" + SdkHttpUtils.urlEncode(stored.key())
                    + "&etag=" + SdkHttpUtils.urlEncode(stored.etag()));
            response.setStatus(303);
            response.setContentLength(0);
            return;
        }
        String status = fields.getOrDefault("success_action_status", "204");
        switch (status) {
            case "200" -> {
                response.setStatus(200);
                response.setContentLength(0);
            }
            case "201" -> {
                byte[] xml = (XmlValueWriter.DECLARATION + "\n<PostResponse><Location>" + XmlValueWriter.escape(location)
                        + "</Location><Bucket>" + XmlValueWriter.escape(bucket) + "</Bucket><Key>" + XmlValueWriter.escape(stored.key())
                        + "</Key><ETag>" + XmlValueWriter.escape(stored.etag()) + "</ETag></PostResponse>")
                        .getBytes(StandardCharsets.UTF_8);
                response.setStatus(201);
                response.setHeader("Content-Type", "application/xml");
                response.setContentLength(xml.length);
                try (OutputStream out = response.body()) {
                    out.write(xml);
                }
            }
            default -> {
                response.setStatus(204);
                response.setContentLength(0);
            }
        }
    }
}
