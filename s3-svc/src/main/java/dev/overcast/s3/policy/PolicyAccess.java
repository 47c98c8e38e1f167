package dev.overcast.s3.policy;

import dev.overcast.common.protocol.json.ModelJson;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.auth.Principal;
import dev.overcast.common.auth.SigV4Settings;
import dev.overcast.common.dispatch.DispatchHook;
import dev.overcast.common.policy.PolicyDocument;
import dev.overcast.common.policy.PolicyKeys;
import dev.overcast.common.policy.RequestFacts;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.acl.AclAccess;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.bucket.BucketAccess;
import dev.overcast.s3.object.ObjectApi;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;

/**
 * Evaluates the bucket's policy and ACLs on every request that names a bucket: the dispatcher tells it the operation and
 * request before the handler runs ({@link #beforeInvoke}); the bucket store asks it whether the request may act on the
 * bucket as it acts on it ({@link #check}). An explicit Deny refuses anyone, the owner's account included; another
 * account, or the anonymous principal of an unsigned request, needs an Allow (statements granting everyone do not
 * count under RestrictPublicBuckets) or an ACL grant (see {@link AclAccess}). The owner's request on a bucket without
 * a policy costs one comparison.
 */
@Component
public class PolicyAccess implements BucketAccess, DispatchHook {

    private record Pending(RequestContext ctx, String operation, SdkRequest request) {
    }

    private static final ThreadLocal<Pending> CURRENT = new ThreadLocal<>();

    /** The request headers that are condition keys of their own ({@code s3:<header>}). */
    private static final String[] HEADERS = {"x-amz-server-side-encryption",
        "x-amz-server-side-encryption-aws-kms-key-id", "x-amz-acl", "x-amz-storage-class", "x-amz-copy-source",
        "x-amz-metadata-directive"};
    private static final String[] HEADER_KEYS = java.util.Arrays.stream(HEADERS).map(h -> "s3:" + h)
            .toArray(String[]::new);

    /** Where the facts keep the object key the request acts on (not a condition key: none has a space). */
    private static final String OBJECT_KEY = "object key";

    /** Object tags for {@code s3:ExistingObjectTag/<key>}, read only when a policy names that key (lazy: no cycle). */
    private final org.springframework.beans.factory.ObjectProvider<dev.overcast.s3.object.ObjectStore> objects;
    private final AclAccess acls;
    /** The bucket an anonymous request names, checked before its handler runs (lazy: the store checks through us). */
    private final org.springframework.beans.factory.ObjectProvider<dev.overcast.s3.bucket.BucketStore> buckets;
    private final PrincipalTags principalTags;
    /** The suite's clock, for {@code aws:CurrentTime} conditions. */
    private final SuiteClock clock;
    /**
     * {@code OVERCAST_S3_ANONYMOUS=default-account} (SigV4 verification off only): unsigned requests act as the default
     * account, as before anonymous access was evaluated, for scripts that send them.
     */
    private final boolean anonymousAsDefaultAccount;

    public PolicyAccess(org.springframework.beans.factory.ObjectProvider<dev.overcast.s3.object.ObjectStore> objects,
                        org.springframework.beans.factory.ObjectProvider<dev.overcast.s3.bucket.BucketStore> buckets,
                        AclAccess acls, PrincipalTags principalTags, SigV4Settings sigV4, SuiteClock clock,
                        @Value("${overcast.s3.anonymous:${OVERCAST_S3_ANONYMOUS:aws}}") String anonymous) {
        this.clock = clock;
        this.objects = objects;
        this.acls = acls;
        this.buckets = buckets;
        this.principalTags = principalTags;
        String mode = anonymous.trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("aws") && !mode.equals("default-account")) {
            throw new IllegalArgumentException("OVERCAST_S3_ANONYMOUS must be 'aws' or 'default-account', got '"
                    + anonymous + "'");
        }
        this.anonymousAsDefaultAccount = mode.equals("default-account") && !sigV4.verify();
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

    /**
     * Whether the principal is anonymous: no Authorization header, no presigned query, no signed form (its account is
     * then the default one, and no bucket is its own).
     */
    public boolean anonymous(Principal principal) {
        return !anonymousAsDefaultAccount && (principal == null || principal.accessKeyId() == null);
    }

    /**
     * Anonymous requests that name no bucket (ListBuckets, S3 Control) and anonymous CreateBucket are refused, as S3
     * refuses them: nothing but a bucket's policy or ACL can let anyone in.
     */
    @Override
    public void beforeInvoke(RequestContext context, String operation, SdkRequest request) {
        CURRENT.set(new Pending(context, operation, request));
        if (!anonymous(context.principal())) {
            return;
        }
        String bucket = request.getValueForField("Bucket", String.class).orElse(null);
        if (operation.equals("CreateBucket") || bucket == null) {
            throw S3Errors.accessDenied();
        }
        // before the handler reads a byte of the body: an anonymous upload refused gets no 100 Continue, as on S3
        buckets.getObject().find(bucket).ifPresent(b -> check(context, b));
    }

    /**
     * An explicit Deny in the bucket's policy refuses anyone; the owner's account may act otherwise; anyone else
     * (another account, the anonymous principal) needs an Allow from the policy or, where the bucket's ownership
     * allows ACLs, a grant of the bucket's ACL (bucket actions, object writes) or of the object's (object reads).
     * An object another account owns (ObjectWriter, BucketOwnerPreferred) is that account's: the bucket's policy
     * cannot grant it to anyone, the bucket's owner included; its owner, or its ACL, decides (the policy's Deny
     * still wins).
     */
    @Override
    public void check(RequestContext ctx, Bucket bucket) {
        boolean anonymous = anonymous(ctx.principal());
        boolean owner = !anonymous && bucket.accountId().equals(ctx.account());
        if (!owner && "Requester".equals(bucket.requestPayer())
                && (anonymous || !"requester".equalsIgnoreCase(ctx.header("x-amz-request-payer")))) {
            throw S3Errors.accessDenied(); // requester pays: another account must agree to pay, anonymous never can
        }
        ThroughAccessPoint via = accessPointOf(ctx);
        Pending pending = CURRENT.get();
        boolean announced = pending != null && pending.ctx() == ctx;
        if (owner && bucket.policy() == null && via == null
                && (bucket.aclsDisabled() || !announced || !AclAccess.decidesObject(action(pending)))) {
            return;
        }
        if (!announced) {
            if (!owner) { // not a request the dispatcher announced: owner only
                throw S3Errors.accessDenied();
            }
            return;
        }
        PolicyDocument policy = bucket.policy() == null ? null : S3Policies.of(bucket.policy(), bucket.name());
        PolicyDocument viaPolicy = via == null || via.policy() == null ? null
                : S3Policies.attachedTo(via.policy(), via.arn());
        RequestFacts facts = facts(ctx, pending, bucket, via, anonymous, policy, viaPolicy);
        addExistingObjectTags(facts, bucket, policy, viaPolicy);
        if (via != null) {
            checkAccessPoint(pending, via, viaPolicy, facts);
        }
        // the owner needs no Allow: only the Deny statements are evaluated for its requests
        PolicyDocument.Decision decision = policy == null ? PolicyDocument.Decision.NONE
                : owner ? (policy.denies(facts) ? PolicyDocument.Decision.DENY : PolicyDocument.Decision.NONE)
                : policy.evaluate(facts, restrictPublicBuckets(bucket));
        if (decision == PolicyDocument.Decision.DENY) {
            throw S3Errors.accessDenied();
        }
        AclAccess.ObjectGrants object = acls.ofObject(bucket, facts.action(), facts.keys().get(OBJECT_KEY),
                facts.keys().get("s3:versionid"));
        if (object != null && !object.owner().equals(bucket.accountId())) {
            if (!object.allow(facts.account(), ignorePublicAcls(bucket))) {
                throw S3Errors.accessDenied();
            }
            return;
        }
        if (owner || decision == PolicyDocument.Decision.ALLOW) {
            return;
        }
        if (!(object != null ? object.allow(facts.account(), ignorePublicAcls(bucket))
                : acls.bucketAllows(bucket, facts.account(), facts.action(), ignorePublicAcls(bucket)))) {
            throw S3Errors.accessDenied();
        }
    }

    /**
     * A second action the request's operation needs on the key: an explicit Deny refuses anyone; the owner's account
     * may otherwise; another account needs the policy's Allow (statements granting everyone do not count under
     * RestrictPublicBuckets).
     */
    @Override
    public void checkAlso(RequestContext ctx, Bucket bucket, String action, String key) {
        boolean anonymous = anonymous(ctx.principal());
        boolean owner = !anonymous && bucket.accountId().equals(ctx.account());
        String account = anonymous ? null : ctx.account();
        PolicyDocument policy = bucket.policy() == null ? null : S3Policies.of(bucket.policy(), bucket.name());
        PolicyDocument.Decision decision = policy == null ? PolicyDocument.Decision.NONE
                : policy.evaluate(new RequestFacts(account, action,
                        "arn:aws:s3:::" + bucket.name() + (key == null ? "" : "/" + key),
                        globalKeys(ctx, account, policy, null)), !owner && restrictPublicBuckets(bucket));
        if (decision == PolicyDocument.Decision.DENY || !owner && decision != PolicyDocument.Decision.ALLOW) {
            throw S3Errors.accessDenied();
        }
    }

    /** The action of the request the dispatcher announced. */
    private static String action(Pending pending) {
        String replication = S3Actions.ofReplication(pending.operation());
        if (replication != null && ObjectApi.byReplication(pending.ctx())) {
            return replication; // S3's replication writing: the destination grants the replication actions
        }
        return S3Actions.of(pending.operation(),
                pending.request().getValueForField("VersionId", String.class).isPresent());
    }

    /**
     * Through an access point, its policy is evaluated with the bucket's, as AWS does: a Deny in either refuses; an
     * account other than the access point's needs an Allow from both. The access point policy's resources are the
     * access point's ARN ({@code …:accesspoint/<name>/object/<key>} for objects).
     */
    private static void checkAccessPoint(Pending pending, ThroughAccessPoint via, PolicyDocument policy,
                                         RequestFacts facts) {
        String key = pending.request().getValueForField("Key", String.class).orElse(null);
        RequestFacts apFacts = facts.on(via.arn() + (key == null ? "" : "/object/" + key));
        boolean apOwner = via.account().equals(facts.account());
        PolicyDocument.Decision decision = policy == null ? PolicyDocument.Decision.NONE
                : policy.evaluate(apFacts, !apOwner && via.restrictPublic());
        if (decision == PolicyDocument.Decision.DENY || (!apOwner && decision != PolicyDocument.Decision.ALLOW)) {
            throw S3Errors.accessDenied();
        }
    }

    /**
     * Whether an anonymous request may take the action on the key (the bucket itself when null): what the website
     * endpoint serves and what an unsigned browser form may upload. The bucket's policy (not under
     * RestrictPublicBuckets) or its ACLs (not under IgnorePublicAcls) must grant it.
     */
    public boolean anonymousMay(Bucket bucket, String action, String key) {
        PolicyDocument.Decision decision = PolicyDocument.Decision.NONE;
        if (bucket.policy() != null) {
            RequestFacts facts = new RequestFacts(null, action,
                    "arn:aws:s3:::" + bucket.name() + (key == null ? "" : "/" + key),
                    Map.of("aws:securetransport", "false"));
            decision = S3Policies.of(bucket.policy(), bucket.name()).evaluate(facts, restrictPublicBuckets(bucket));
        }
        return decision == PolicyDocument.Decision.ALLOW || decision == PolicyDocument.Decision.NONE
                && acls.allows(bucket, null, action, key, null, ignorePublicAcls(bucket));
    }

    /**
     * {@code s3:ExistingObjectTag/<tag key>}: the tags of the version the request acts on, read only when the bucket's
     * or the access point's policy names such a condition key (a request on an object that does not exist has none).
     */
    private void addExistingObjectTags(RequestFacts facts, Bucket bucket, PolicyDocument policy,
                                       PolicyDocument viaPolicy) {
        String key = facts.keys().get(OBJECT_KEY);
        if (key == null || !names(policy, viaPolicy, "s3:existingobjecttag/")) {
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

    /** Whether the bucket's or the access point's policy (either may be null) has a condition on such a key. */
    private static boolean names(PolicyDocument policy, PolicyDocument viaPolicy, String keyPrefix) {
        return policy != null && policy.namesKey(keyPrefix) || viaPolicy != null && viaPolicy.namesKey(keyPrefix);
    }

    /**
     * The request's global condition keys; the time ({@code aws:CurrentTime}, {@code aws:EpochTime}, on the suite's
     * clock) only when a policy has a condition on it.
     */
    private Map<String, String> globalKeys(RequestContext ctx, String account, PolicyDocument policy,
                                           PolicyDocument viaPolicy) {
        boolean timed = names(policy, viaPolicy, "aws:currenttime") || names(policy, viaPolicy, "aws:epochtime");
        return PolicyKeys.global(ctx, account, timed ? clock.now() : null);
    }

    static boolean restrictPublicBuckets(Bucket bucket) {
        PublicAccessBlockConfiguration pab = publicAccessBlock(bucket);
        return pab != null && Boolean.TRUE.equals(pab.restrictPublicBuckets());
    }

    static boolean ignorePublicAcls(Bucket bucket) {
        PublicAccessBlockConfiguration pab = publicAccessBlock(bucket);
        return pab != null && Boolean.TRUE.equals(pab.ignorePublicAcls());
    }

    static PublicAccessBlockConfiguration publicAccessBlock(Bucket bucket) {
        return bucket.publicAccessBlock() == null ? null
                : ModelJson.read(bucket.publicAccessBlock(), PublicAccessBlockConfiguration.class);
    }

    private RequestFacts facts(RequestContext ctx, Pending pending, Bucket bucket, ThroughAccessPoint via,
                               boolean anonymous, PolicyDocument policy, PolicyDocument viaPolicy) {
        SdkRequest r = pending.request();
        String key = r.getValueForField("Key", String.class).orElse(null);
        String versionId = r.getValueForField("VersionId", String.class).orElse(null);
        String resource = "arn:aws:s3:::" + bucket.name() + (key == null ? "" : "/" + key);
        String account = anonymous ? null : ctx.account();
        Map<String, String> keys = globalKeys(ctx, account, policy, viaPolicy);
        if (key != null) {
            keys.put(OBJECT_KEY, key);
        }
        if (account != null) {
            principalTags.addTo(ctx.principal().accessKeyId(), keys);
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
        for (int i = 0; i < HEADER_KEYS.length; i++) {
            put(keys, HEADER_KEYS[i], ctx.header(HEADERS[i]));
        }
        return new RequestFacts(account, action(pending), resource, keys);
    }

    private static void put(Map<String, String> keys, String key, String value) {
        if (value != null) {
            keys.put(key, value);
        }
    }
}
