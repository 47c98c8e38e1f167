package dev.overcast.s3.logging;

import dev.overcast.common.api.RequestContext;
import dev.overcast.common.auth.SigV4Authenticator;
import dev.overcast.common.dispatch.DispatchHook;
import dev.overcast.common.dispatch.Exchange;
import dev.overcast.common.http.AwsHttpRequest;
import dev.overcast.common.time.SuiteClock;
import dev.overcast.s3.S3Owners;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.bucket.BucketStore;
import dev.overcast.s3.policy.PolicyAccess;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.s3.model.LoggingEnabled;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * Records every answered request on a bucket with server access logging on, as one line of S3's access log format
 * (the documented space-separated fields, in their order), appended to {@code s3.access_log_record} once the answer is
 * out; {@link AccessLogDelivery} delivers the lines to the target bucket. A bucket without logging costs one cached
 * lookup.
 */
@Component
public class AccessLogs implements DispatchHook {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("'['dd/MMM/yyyy:HH:mm:ss '+0000]'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** Subresources S3 names in the operation ({@code REST.GET.VERSIONING}), in the order they are looked for. */
    private static final List<Map.Entry<String, String>> SUBRESOURCES = List.of(Map.entry("uploads", "UPLOADS"),
            Map.entry("delete", "MULTI_OBJECT_DELETE"), Map.entry("acl", "ACL"), Map.entry("tagging", "TAGGING"),
            Map.entry("versioning", "VERSIONING"), Map.entry("versions", "BUCKETVERSIONS"),
            Map.entry("logging", "LOGGING_STATUS"), Map.entry("policyStatus", "BUCKETPOLICYSTATUS"),
            Map.entry("policy", "BUCKETPOLICY"), Map.entry("lifecycle", "LIFECYCLE"), Map.entry("cors", "CORS"),
            Map.entry("website", "WEBSITE"), Map.entry("location", "LOCATION"), Map.entry("notification", "NOTIFICATION"),
            Map.entry("encryption", "ENCRYPTION"), Map.entry("replication", "REPLICATION"),
            Map.entry("object-lock", "OBJECT_LOCK_CONFIGURATION"), Map.entry("retention", "RETENTION"),
            Map.entry("legal-hold", "LEGAL_HOLD"), Map.entry("attributes", "OBJECT_ATTRIBUTES"),
            Map.entry("restore", "RESTORE"), Map.entry("publicAccessBlock", "PUBLIC_ACCESS_BLOCK"),
            Map.entry("ownershipControls", "OWNERSHIP_CONTROLS"), Map.entry("inventory", "INVENTORY"),
            Map.entry("accelerate", "ACCELERATE"), Map.entry("requestPayment", "REQUEST_PAYMENT"));

    private final LoggingStore logging;
    private final BucketStore buckets;
    private final JdbcClient jdbc;
    private final SuiteClock clock;

    public AccessLogs(LoggingStore logging, BucketStore buckets, JdbcClient jdbc, SuiteClock clock) {
        this.logging = logging;
        this.buckets = buckets;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public boolean observesCompletion() {
        return true;
    }

    @Override
    public void completed(Exchange exchange) {
        SdkRequest decoded = exchange.decoded();
        if (!(decoded instanceof S3Request)) {
            return;
        }
        String name = decoded.getValueForField("Bucket", String.class).orElse(null);
        LoggingEnabled target = name == null ? null : logging.cached(name);
        if (target == null) {
            return;
        }
        Bucket bucket = buckets.find(name).orElse(null);
        if (bucket == null) {
            return;
        }
        Instant now = clock.now();
        var format = target.targetObjectKeyFormat();
        String keyFormat = format == null || format.partitionedPrefix() == null ? "simple"
                : format.partitionedPrefix().partitionDateSource() == null ? "EventTime"
                : format.partitionedPrefix().partitionDateSourceAsString();
        jdbc.sql("""
                insert into access_log_record (source_bucket, source_account, source_region, target_bucket, target_prefix,
                    key_format, event_time, line) values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(bucket.name(), bucket.accountId(), bucket.region(), target.targetBucket(),
                        target.targetPrefix() == null ? "" : target.targetPrefix(), keyFormat, Timestamp.from(now),
                        line(exchange, bucket, now))
                .update();
    }

    /** The record's fields, in S3's order. */
    static String line(Exchange exchange, Bucket bucket, Instant time) {
        AwsHttpRequest http = exchange.request();
        RequestContext ctx = exchange.context();
        SdkRequest decoded = exchange.decoded();
        String key = decoded.getValueForField("Key", String.class).orElse(null);
        boolean anonymous = ctx == null || ctx.principal() == null || ctx.principal().accessKeyId() == null;
        String forwarded = http.header("X-Forwarded-For");
        String original = http.header(SigV4Authenticator.ORIGINAL_URI_HEADER);
        String uri = original != null ? original : http.rawPath() + (http.rawQuery() == null ? "" : "?" + http.rawQuery());
        long objectSize = objectSize(exchange, key);
        String versionId = exchange.responseHeader("x-amz-version-id");
        if (versionId == null) {
            versionId = decoded.getValueForField("VersionId", String.class).orElse(null);
        }
        var via = ctx == null ? null : PolicyAccess.accessPointOf(ctx);
        String authorization = http.header("Authorization");
        boolean query = http.queryParameter("X-Amz-Signature") != null || http.queryParameter("Signature") != null;
        String signature = authorization != null && authorization.startsWith("AWS4-") || http.queryParameter("X-Amz-Signature") != null
                ? "SigV4" : authorization != null && authorization.startsWith("AWS ") || http.queryParameter("Signature") != null
                ? "SigV2" : null;
        return String.join(" ",
                S3Owners.canonicalId(bucket.accountId()),
                bucket.name(),
                TIME.format(time),
                forwarded == null || forwarded.isBlank() ? "127.0.0.1" : forwarded.split(",")[0].trim(),
                anonymous ? "-" : "arn:aws:iam::" + ctx.account() + ":root",
                dash(exchange.requestId()),
                operation(http, key != null),
                key == null ? "-" : URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/"),
                quoted(http.method() + " " + uri + " HTTP/1.1"),
                Integer.toString(exchange.status()),
                dash(exchange.errorCode()),
                exchange.bytesSent() == 0 ? "-" : Long.toString(exchange.bytesSent()),
                objectSize < 0 ? "-" : Long.toString(objectSize),
                Long.toString((exchange.endNanos() - exchange.startNanos()) / 1_000_000),
                Long.toString(Math.max(0, exchange.firstByteNanos() - exchange.startNanos()) / 1_000_000),
                quoted(dash(http.header("Referer"))),
                quoted(dash(http.header("User-Agent"))),
                dash(versionId),
                dash(exchange.responseHeader("x-amz-id-2")),
                dash(signature),
                "-", // cipher suite: the suite speaks plain HTTP
                signature == null ? "-" : query ? "QueryString" : "AuthHeader",
                dash(http.header("Host")),
                "-", // TLS version
                via == null ? "-" : via.arn(),
                "-"); // aclRequired: ACLs never decide access here
    }

    /** {@code REST.<method>.<resource>}: the subresource named in the query, else OBJECT or BUCKET. */
    static String operation(AwsHttpRequest http, boolean hasKey) {
        String method = http.method();
        Map<String, List<String>> query = http.queryParameters();
        if (method.equals("PUT") && http.header("x-amz-copy-source") != null) {
            return "REST.COPY." + (query.containsKey("uploadId") ? "PART" : "OBJECT");
        }
        if (query.containsKey("uploadId")) {
            return "REST." + method + "." + (method.equals("PUT") ? "PART" : "UPLOAD");
        }
        for (Map.Entry<String, String> sub : SUBRESOURCES) {
            if (query.containsKey(sub.getKey())) {
                return "REST." + method + "." + sub.getValue();
            }
        }
        return "REST." + method + "." + (hasKey ? "OBJECT" : "BUCKET");
    }

    /** The object's size where the request carries or returns it whole (GET, HEAD, PUT of an object); else -1. */
    private static long objectSize(Exchange exchange, String key) {
        if (key == null || exchange.status() >= 300) {
            return -1;
        }
        String method = exchange.request().method();
        if (method.equals("PUT") && exchange.request().header("x-amz-copy-source") == null) {
            String decoded = exchange.request().header("x-amz-decoded-content-length");
            return decoded != null ? Long.parseLong(decoded) : exchange.request().contentLength();
        }
        if ((method.equals("GET") || method.equals("HEAD")) && exchange.status() == 200) {
            String length = exchange.responseHeader("Content-Length");
            return length == null ? -1 : Long.parseLong(length);
        }
        return -1;
    }

    private static String dash(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\"", "\\\"") + "\"";
    }
}
