package dev.overcast.s3.policy;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.dispatch.DispatchHook;
import dev.overcast.common.policy.PolicyDocument;
import dev.overcast.common.policy.PolicyKeys;
import dev.overcast.common.policy.RequestFacts;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.bucket.BucketAccess;
import java.util.Map;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;

/**
 * Evaluates the bucket's policy on every request that names a bucket: the dispatcher tells it the operation and request
 * before the handler runs ({@link #beforeInvoke}); the bucket store asks it whether the request may act on the bucket
 * as it acts on it ({@link #check}). An explicit Deny refuses anyone, the owner's account included; another account
 * needs an Allow (statements granting everyone do not count for it under RestrictPublicBuckets). A bucket without a
 * policy costs one comparison.
 */
@Component
public class PolicyAccess implements BucketAccess, DispatchHook {

    private record Pending(RequestContext ctx, String operation, SdkRequest request) {
    }

    private static final ThreadLocal<Pending> CURRENT = new ThreadLocal<>();

    /** Where the facts keep the object key the request acts on (not a condition key: none has a space). */
    private static final String OBJECT_KEY = "object key";

    /** Object tags for {@code s3:ExistingObjectTag/<key>}, read only when a policy names that key (lazy: no cycle). */
    private final org.springframework.beans.factory.ObjectProvider<dev.overcast.s3.object.ObjectStore> objects;

    public PolicyAccess(org.springframework.beans.factory.ObjectProvider<dev.overcast.s3.object.ObjectStore> objects) {
        this.objects = objects;
    }

    /**
     * A request made through an access point: its ARN, its account, its policy (null: none), whether its
     * PublicAccessBlock restricts public policies, and its network origin.
     */
    public record ThroughAccessPoint(RequestContext ctx, String arn, String account, String policy,
                                     boolean restrictPublic, String networkOrigin) {
    }

    private static final ThreadLocal<ThroughAccessPoint> VIA = new ThreadLocal<>();

    /** Notes the access point the current request came through (null: none), before the handler runs. */
    public static void through(ThroughAccessPoint accessPoint) {
        VIA.set(accessPoint);
    }

    /** The access point the request came through, or null. */
    public static ThroughAccessPoint accessPointOf(RequestContext ctx) {
        ThroughAccessPoint via = VIA.get();
        return via != null && via.ctx() == ctx ? via : null;
    }

    @Override
    public void beforeInvoke(RequestContext context, String operation, SdkRequest request) {
        CURRENT.set(new Pending(context, operation, request));
    }

    @Override
    public void check(RequestContext ctx, Bucket bucket) {
        boolean owner = bucket.accountId().equals(ctx.account());
        if (!owner && "Requester".equals(bucket.requestPayer())
                && !"requester".equalsIgnoreCase(ctx.header("x-amz-request-payer"))) {
            throw S3Errors.accessDenied(); // requester pays: another account must agree to pay
        }
        ThroughAccessPoint via = accessPointOf(ctx);
        if (bucket.policy() == null && via == null) {
            if (!owner) {
                throw S3Errors.accessDenied();
            }
            return;
        }
        Pending pending = CURRENT.get();
        if (pending == null || pending.ctx() != ctx) {
            OWNER_ONLY.check(ctx, bucket); // not a request the dispatcher announced: owner only
            return;
        }
        RequestFacts facts = facts(ctx, pending, bucket, via);
        addExistingObjectTags(facts, bucket, via);
        if (via != null) {
            checkAccessPoint(ctx, pending, via, facts);
        }
        if (bucket.policy() == null) {
            if (!owner) {
                throw S3Errors.accessDenied();
            }
            return;
        }
        PolicyDocument.Decision decision = S3Policies.of(bucket.policy(), bucket.name())
                .evaluate(facts, !owner && restrictPublicBuckets(bucket));
        if (decision == PolicyDocument.Decision.DENY || (!owner && decision != PolicyDocument.Decision.ALLOW)) {
            throw S3Errors.accessDenied();
        }
    }

    /**
     * Through an access point, its policy is evaluated with the bucket's, as AWS does: a Deny in either refuses; an
     * account other than the access point's needs an Allow from both. The access point policy's resources are the
     * access point's ARN ({@code …:accesspoint/<name>/object/<key>} for objects).
     */
    private static void checkAccessPoint(RequestContext ctx, Pending pending, ThroughAccessPoint via, RequestFacts facts) {
        String key = pending.request().getValueForField("Key", String.class).orElse(null);
        RequestFacts apFacts = facts.on(via.arn() + (key == null ? "" : "/object/" + key));
        boolean apOwner = via.account().equals(facts.account());
        PolicyDocument.Decision decision = via.policy() == null ? PolicyDocument.Decision.NONE
                : S3Policies.attachedTo(via.policy(), via.arn()).evaluate(apFacts, !apOwner && via.restrictPublic());
        if (decision == PolicyDocument.Decision.DENY || (!apOwner && decision != PolicyDocument.Decision.ALLOW)) {
            throw S3Errors.accessDenied();
        }
    }

    /**
     * Whether an anonymous request may take the action on the key (the bucket itself when null): what the website
     * endpoint serves. Only a policy grants it, and not under RestrictPublicBuckets.
     */
    public static boolean anonymousMay(Bucket bucket, String action, String key) {
        if (bucket.policy() == null || restrictPublicBuckets(bucket)) {
            return false;
        }
        RequestFacts facts = new RequestFacts(null, action, "arn:aws:s3:::" + bucket.name() + (key == null ? "" : "/" + key),
                Map.of("aws:securetransport", "false"));
        return S3Policies.of(bucket.policy(), bucket.name()).evaluate(facts, false) == PolicyDocument.Decision.ALLOW;
    }

    /**
     * {@code s3:ExistingObjectTag/<tag key>}: the tags of the version the request acts on, read only when the bucket's
     * or the access point's policy names such a condition key (a request on an object that does not exist has none).
     */
    private void addExistingObjectTags(RequestFacts facts, Bucket bucket, ThroughAccessPoint via) {
        String key = facts.keys().get(OBJECT_KEY);
        if (key == null || !(namesObjectTags(bucket.policy()) || via != null && namesObjectTags(via.policy()))) {
            return;
        }
        objects.getObject().find(bucket.name(), key, facts.keys().get("s3:versionid"))
                .ifPresent(o -> {
                    if (o.tags() != null) {
                        o.tags().forEach((k, v) -> facts.keys().put(
                                "s3:existingobjecttag/" + k.toLowerCase(java.util.Locale.ROOT), v));
                    }
                });
    }

    private static boolean namesObjectTags(String policy) {
        return policy != null && policy.toLowerCase(java.util.Locale.ROOT).contains("s3:existingobjecttag/");
    }

    static boolean restrictPublicBuckets(Bucket bucket) {
        PublicAccessBlockConfiguration pab = publicAccessBlock(bucket);
        return pab != null && Boolean.TRUE.equals(pab.restrictPublicBuckets());
    }

    static PublicAccessBlockConfiguration publicAccessBlock(Bucket bucket) {
        return bucket.publicAccessBlock() == null ? null
                : ModelJson.read(bucket.publicAccessBlock(), PublicAccessBlockConfiguration.class);
    }

    private static RequestFacts facts(RequestContext ctx, Pending pending, Bucket bucket, ThroughAccessPoint via) {
        SdkRequest r = pending.request();
        String key = r.getValueForField("Key", String.class).orElse(null);
        String versionId = r.getValueForField("VersionId", String.class).orElse(null);
        String resource = "arn:aws:s3:::" + bucket.name() + (key == null ? "" : "/" + key);
        boolean anonymous = ctx.principal() == null || ctx.principal().accessKeyId() == null;
        String account = anonymous ? null : ctx.account();
        Map<String, String> keys = PolicyKeys.global(ctx, account, null);
        if (key != null) {
            keys.put(OBJECT_KEY, key);
        }
        if (via != null) {
            keys.put("s3:dataaccesspointarn", via.arn());
            keys.put("s3:dataaccesspointaccount", via.account());
            keys.put("s3:accesspointnetworkorigin", via.networkOrigin());
        }
        put(keys, "s3:prefix", r.getValueForField("Prefix", String.class).orElse(null));
        put(keys, "s3:delimiter", r.getValueForField("Delimiter", String.class).orElse(null));
        r.getValueForField("MaxKeys", Integer.class).ifPresent(m -> keys.put("s3:max-keys", m.toString()));
        put(keys, "s3:versionid", versionId);
        for (String header : new String[]{"x-amz-server-side-encryption", "x-amz-server-side-encryption-aws-kms-key-id",
                "x-amz-acl", "x-amz-storage-class", "x-amz-copy-source", "x-amz-metadata-directive"}) {
            put(keys, "s3:" + header, ctx.header(header));
        }
        return new RequestFacts(account, S3Actions.of(pending.operation(), versionId != null), resource, keys);
    }

    private static void put(Map<String, String> keys, String key, String value) {
        if (value != null) {
            keys.put(key, value);
        }
    }
}
