package dev.overcast.s3.accesspoint;

import dev.overcast.common.api.RequestContext;
import dev.overcast.common.dispatch.DispatchHook;
import dev.overcast.common.error.AwsException;
import dev.overcast.s3.bucket.BucketStore;
import dev.overcast.s3.policy.PolicyAccess;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * Data-plane requests through an access point: its alias in place of a bucket name ({@code <name>-<random>-s3alias}),
 * or its ARN, which SDKs send to {@code <name>-<account>.s3-accesspoint.<region>.<domain>} (and, with an endpoint
 * override, to {@code <name>-<account>.<override host>}: the gateway then hands it on path-style with that label as
 * the bucket, which is taken for the access point when no bucket has that name). The request is answered as one on
 * the access point's bucket, with the access point's policy evaluated beside the bucket's ({@link PolicyAccess}).
 * Access points serve object operations and the bucket operations AWS lets through them; others answer
 * {@code MethodNotAllowed}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class AccessPointRouting implements DispatchHook {

    private static final Pattern NAME_AND_ACCOUNT = Pattern.compile("([a-z0-9][a-z0-9-]{1,48}[a-z0-9])-(\\d{12})");

    /** Bucket-level actions that AWS serves through an access point. */
    private static final Set<String> BUCKET_ACTIONS = Set.of("ListObjects", "ListObjectsV2", "ListObjectVersions",
            "ListMultipartUploads", "GetBucketLocation", "HeadBucket", "GetBucketAcl", "DeleteObjects");

    private final AccessPointStore accessPoints;
    private final BucketStore buckets;

    public AccessPointRouting(AccessPointStore accessPoints, BucketStore buckets) {
        this.accessPoints = accessPoints;
        this.buckets = buckets;
    }

    @Override
    public SdkRequest resolve(RequestContext ctx, String operation, SdkRequest request) {
        PolicyAccess.through(null);
        if (!(request instanceof S3Request)) {
            return request;
        }
        Optional<String> named = request.getValueForField("Bucket", String.class);
        if (named.isEmpty()) {
            return request;
        }
        AccessPoint ap = accessPoint(ctx, named.get()).orElse(null);
        if (ap == null) {
            return request;
        }
        if (!BUCKET_ACTIONS.contains(operation) && request.getValueForField("Key", String.class).isEmpty()) {
            throw new AwsException("MethodNotAllowed", 405, "The specified method is not allowed against this resource.")
                    .with("Method", ctx.http().method()).with("ResourceType", "ACCESSPOINT");
        }
        PolicyAccess.through(new PolicyAccess.ThroughAccessPoint(ctx, ap.arn(), ap.accountId(), ap.policy(),
                Boolean.TRUE.equals(AccessPointApi.publicAccessBlock(ap).restrictPublicBuckets()), ap.networkOrigin()));
        return withBucket((S3Request) request, ap.bucket());
    }

    /** The access point a bucket name stands for, if any. */
    private Optional<AccessPoint> accessPoint(RequestContext ctx, String name) {
        if (name.endsWith("-s3alias")) {
            return accessPoints.byAlias(name);
        }
        Matcher m = NAME_AND_ACCOUNT.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        String host = ctx.header("Host");
        boolean accessPointHost = host != null && host.toLowerCase(Locale.ROOT).contains(".s3-accesspoint");
        if (!accessPointHost && buckets.find(name).isPresent()) {
            return Optional.empty(); // a bucket of that name, addressed virtual-host style
        }
        return accessPoints.find(m.group(2), ctx.region(), m.group(1));
    }

    @SuppressWarnings("unchecked")
    private static SdkRequest withBucket(S3Request request, String bucket) {
        S3Request.Builder builder = request.toBuilder();
        for (SdkField<?> field : request.sdkFields()) {
            if (field.memberName().equals("Bucket")) {
                ((SdkField<Object>) field).set(builder, bucket);
            }
        }
        return builder.build();
    }
}
