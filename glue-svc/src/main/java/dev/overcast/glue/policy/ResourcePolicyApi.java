package dev.overcast.glue.policy;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.glue.GlueErrors;
import dev.overcast.glue.store.Resources;
import dev.overcast.glue.store.Scope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.glue.model.*;

/**
 * Resource policies of the Data Catalog: Put/Get/Delete/GetResourcePolicies, with PolicyHashCondition and
 * PolicyExistsCondition as Glue checks them. Policies are recorded and reported; the suite does not enforce IAM.
 */
@AwsApi(api = "glue")
public class ResourcePolicyApi {

    static final String KIND = "policy";

    private final Resources resources;
    private final SuiteClock clock;

    public ResourcePolicyApi(Resources resources, SuiteClock clock) {
        this.resources = resources;
        this.clock = clock;
    }

    public PutResourcePolicyResponse putResourcePolicy(RequestContext ctx, PutResourcePolicyRequest r) {
        Scope scope = Scope.of(ctx);
        String key = key(scope, r.resourceArn());
        Optional<Resources.Entry<GluePolicy>> old = resources.get(scope, KIND, key, GluePolicy.class);
        if (r.policyExistsCondition() == ExistCondition.MUST_EXIST && old.isEmpty()) {
            throw GlueErrors.entityNotFound("Policy not found.");
        }
        if (r.policyExistsCondition() == ExistCondition.NOT_EXIST && old.isPresent()) {
            throw GlueErrors.conditionCheckFailure("A policy already exists.");
        }
        checkHash(old, r.policyHashCondition());
        Instant now = clock.now();
        GluePolicy policy = GluePolicy.builder().policyInJson(r.policyInJson()).policyHash(hash(r.policyInJson()))
                .createTime(old.map(e -> e.doc().createTime()).orElse(now)).updateTime(now).build();
        resources.put(scope, KIND, key, policy, now);
        return PutResourcePolicyResponse.builder().policyHash(policy.policyHash()).build();
    }

    public GetResourcePolicyResponse getResourcePolicy(RequestContext ctx, GetResourcePolicyRequest r) {
        Scope scope = Scope.of(ctx);
        GluePolicy p = resources.get(scope, KIND, key(scope, r.resourceArn()), GluePolicy.class)
                .orElseThrow(() -> GlueErrors.entityNotFound("Policy not found.")).doc();
        return GetResourcePolicyResponse.builder().policyInJson(p.policyInJson()).policyHash(p.policyHash())
                .createTime(p.createTime()).updateTime(p.updateTime()).build();
    }

    public GetResourcePoliciesResponse getResourcePolicies(RequestContext ctx, GetResourcePoliciesRequest r) {
        List<GluePolicy> all = resources.list(Scope.of(ctx), KIND, "", null, 1000, GluePolicy.class).stream()
                .map(Resources.Entry::doc).toList();
        return GetResourcePoliciesResponse.builder().getResourcePoliciesResponseList(all).build();
    }

    public DeleteResourcePolicyResponse deleteResourcePolicy(RequestContext ctx, DeleteResourcePolicyRequest r) {
        Scope scope = Scope.of(ctx);
        String key = key(scope, r.resourceArn());
        Optional<Resources.Entry<GluePolicy>> old = resources.get(scope, KIND, key, GluePolicy.class);
        if (old.isEmpty()) {
            throw GlueErrors.entityNotFound("Policy not found.");
        }
        checkHash(old, r.policyHashCondition());
        resources.delete(scope, KIND, key);
        return DeleteResourcePolicyResponse.builder().build();
    }

    private static void checkHash(Optional<Resources.Entry<GluePolicy>> old, String condition) {
        if (condition != null && !condition.equals(old.map(e -> e.doc().policyHash()).orElse(null))) {
            throw GlueErrors.conditionCheckFailure("The policy hash condition does not match the current policy.");
        }
    }

    /** The catalog's own policy unless an ARN names another resource. */
    private static String key(Scope scope, String arn) {
        return arn == null ? scope.arn("catalog") : arn;
    }

    private static String hash(String policy) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(policy.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().withoutPadding().encodeToString(digest).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
