package dev.overcast.s3.website;

import dev.overcast.common.auth.SigV4Authenticator;
import dev.overcast.common.dispatch.DispatchHook;
import dev.overcast.common.http.AwsHttpRequest;
import dev.overcast.common.http.AwsHttpResponse;
import dev.overcast.common.protocol.RequestIds;
import dev.overcast.s3.bucket.Bucket;
import dev.overcast.s3.bucket.BucketStore;
import dev.overcast.s3.object.ObjectStore;
import dev.overcast.s3.object.StoredObject;
import dev.overcast.s3.policy.PolicyAccess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.model.Condition;
import software.amazon.awssdk.services.s3.model.Redirect;
import software.amazon.awssdk.services.s3.model.RoutingRule;
import software.amazon.awssdk.services.s3.model.WebsiteConfiguration;

/**
 * The website endpoint: GET and HEAD on a {@code <bucket>.s3-website[.-<region>].<domain>} host serve the bucket as
 * its website configuration says (redirect-all, routing rules on key prefixes and on error codes, index documents,
 * the folder redirect, error documents, S3's HTML error pages), anonymously: only what the bucket policy or the ACLs
 * grant everyone is served.
 */
@Component
public class WebsiteHook implements DispatchHook {

    private static final Pattern WEBSITE_HOST = Pattern.compile("^(.+?)\\.s3-website(?:[.-][a-z0-9-]+)?(?:\\.|:|$).*");
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final BucketStore buckets;
    private final WebsiteStore websites;
    private final ObjectStore objects;
    private final PolicyAccess access;

    public WebsiteHook(BucketStore buckets, WebsiteStore websites, ObjectStore objects, PolicyAccess access) {
        this.access = access;
        this.buckets = buckets;
        this.websites = websites;
        this.objects = objects;
    }

    /** The bucket a website host names, or null when the host is no website endpoint. */
    static String bucketOf(String host) {
        if (host == null) {
            return null;
        }
        Matcher m = WEBSITE_HOST.matcher(host.toLowerCase(Locale.ROOT));
        return m.matches() ? m.group(1) : null;
    }

    @Override
    public boolean answers(AwsHttpRequest request) {
        return ("GET".equals(request.method()) || "HEAD".equals(request.method())) && bucketOf(request.header("Host")) != null;
    }

    @Override
    public void answer(String requestId, AwsHttpRequest request, AwsHttpResponse response) throws IOException {
        String bucketName = bucketOf(request.header("Host"));
        boolean head = "HEAD".equals(request.method());
        String path = request.rawPath() == null ? "/" : request.rawPath();
        if (request.header(SigV4Authenticator.ORIGINAL_URI_HEADER) != null && (path.equals("/" + bucketName)
                || path.startsWith("/" + bucketName + "/"))) {
            path = path.substring(bucketName.length() + 1); // the gateway put the host's bucket in front
        }
        String key = decode(path.startsWith("/") ? path.substring(1) : path);
        Optional<Bucket> bucket = buckets.find(bucketName);
        if (bucket.isEmpty()) {
            page(response, requestId, head, 404, "NoSuchBucket", "The specified bucket does not exist", "BucketName",
                    bucketName);
            return;
        }
        Optional<WebsiteConfiguration> site = websites.find(bucketName);
        if (site.isEmpty()) {
            page(response, requestId, head, 404, "NoSuchWebsiteConfiguration",
                    "The specified bucket does not have a website configuration", "BucketName", bucketName);
            return;
        }
        WebsiteConfiguration c = site.get();
        String host = request.header("Host");
        if (c.redirectAllRequestsTo() != null) {
            String protocol = c.redirectAllRequestsTo().protocol() == null ? "http"
                    : c.redirectAllRequestsTo().protocolAsString();
            redirect(response, 301, protocol + "://" + c.redirectAllRequestsTo().hostName() + "/" + key);
            return;
        }
        RoutingRule byPrefix = rule(c, key, null);
        if (byPrefix != null) {
            redirect(response, byPrefix, key, host);
            return;
        }
        String suffix = c.indexDocument().suffix();
        String resolved = key.isEmpty() || key.endsWith("/") ? key + suffix : key;
        int status = 200;
        StoredObject object = null;
        if (!access.anonymousMay(bucket.get(), "s3:GetObject", resolved)) {
            status = 403;
        } else {
            object = current(bucketName, resolved);
            if (object == null && !resolved.equals(key + suffix) && current(bucketName, key + "/" + suffix) != null) {
                redirect(response, 302, "/" + path.substring(path.startsWith("/") ? 1 : 0) + "/");
                return;
            }
            status = object == null ? 404 : 200;
        }
        if (status == 200 && object.content().websiteRedirect() != null) {
            redirect(response, 301, object.content().websiteRedirect());
            return;
        }
        if (status == 200) {
            serve(response, object, 200, head);
            return;
        }
        RoutingRule byError = rule(c, key, status);
        if (byError != null) {
            redirect(response, byError, key, host);
            return;
        }
        String errorKey = c.errorDocument() == null ? null : c.errorDocument().key();
        StoredObject errorDocument = errorKey == null || !access.anonymousMay(bucket.get(), "s3:GetObject", errorKey)
                ? null : current(bucketName, errorKey);
        if (errorDocument != null) {
            serve(response, errorDocument, status, head);
        } else if (status == 403) {
            page(response, requestId, head, 403, "AccessDenied", "Access Denied", null, null);
        } else {
            page(response, requestId, head, 404, "NoSuchKey", "The specified key does not exist.", "Key", resolved);
        }
    }

    /** The first routing rule whose condition holds: on the key's prefix, and on the error code when one is given. */
    private static RoutingRule rule(WebsiteConfiguration c, String key, Integer errorCode) {
        if (!c.hasRoutingRules()) {
            return null;
        }
        for (RoutingRule r : c.routingRules()) {
            Condition when = r.condition();
            String prefix = when == null ? null : when.keyPrefixEquals();
            String code = when == null ? null : when.httpErrorCodeReturnedEquals();
            if ((errorCode == null) != (code == null)) {
                continue;
            }
            if ((prefix == null || key.startsWith(prefix)) && (code == null || code.equals(errorCode.toString()))) {
                return r;
            }
        }
        return null;
    }

    /** A routing rule's redirect: the key replaced whole, or the condition's prefix replaced; host and protocol. */
    private static void redirect(AwsHttpResponse response, RoutingRule rule, String key, String requestHost)
            throws IOException {
        Redirect r = rule.redirect();
        String newKey = r.replaceKeyWith() != null ? r.replaceKeyWith() : key;
        if (r.replaceKeyPrefixWith() != null) {
            String prefix = rule.condition() == null || rule.condition().keyPrefixEquals() == null ? ""
                    : rule.condition().keyPrefixEquals();
            newKey = r.replaceKeyPrefixWith() + key.substring(Math.min(key.length(), prefix.length()));
        }
        String protocol = r.protocol() == null ? "http" : r.protocolAsString();
        String host = r.hostName() == null ? requestHost : r.hostName();
        int code = r.httpRedirectCode() == null ? 301 : Integer.parseInt(r.httpRedirectCode());
        redirect(response, code, protocol + "://" + host + "/" + newKey);
    }

    private static void redirect(AwsHttpResponse response, int code, String location) throws IOException {
        response.setStatus(code);
        response.setHeader("Location", location);
        response.setContentLength(0);
        response.body().close();
    }

    private StoredObject current(String bucket, String key) {
        return objects.find(bucket, key).filter(o -> !o.deleteMarker()).orElse(null);
    }

    private void serve(AwsHttpResponse response, StoredObject object, int status, boolean head) throws IOException {
        response.setStatus(status);
        String type = object.content().contentType();
        response.setHeader("Content-Type", type == null ? "binary/octet-stream" : type);
        response.setHeader("ETag", object.etag());
        response.setHeader("Last-Modified", HTTP_DATE.format(object.lastModified()));
        response.setContentLength(object.size());
        try (OutputStream out = response.body()) {
            if (!head && object.size() > 0) {
                objects.read(object, 0, object.size() - 1, out, null);
            }
        }
    }

    /** S3's HTML error page of the website endpoint. */
    private static void page(AwsHttpResponse response, String requestId, boolean head, int status, String code,
                             String message, String field, String value) throws IOException {
        String title = status + (status == 404 ? " Not Found" : " Forbidden");
        String html = "<html>\n<head><title>" + title + "</title></head>\n<body>\n<h1>" + title + "</h1>\n<ul>\n"
                + "<li>Code: " + code + "</li>\n<li>Message: " + message + "</li>\n"
                + (field == null ? "" : "<li>" + field + ": " + escape(value) + "</li>\n")
                + "<li>RequestId: " + requestId + "</li>\n<li>HostId: " + RequestIds.s3HostId() + "</li>\n"
                + "</ul>\n<hr/>\n</body>\n</html>\n";
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setHeader("Content-Type", "text/html; charset=utf-8");
        response.setContentLength(body.length);
        try (OutputStream out = response.body()) {
            if (!head) {
                out.write(body);
            }
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Percent-decoding of a path as UTF-8 ({@code +} stays itself). */
    static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char ch = raw.charAt(i);
            int hex = ch == '%' && i + 2 < raw.length() && HexFormat.isHexDigit(raw.charAt(i + 1))
                    && HexFormat.isHexDigit(raw.charAt(i + 2)) ? HexFormat.fromHexDigits(raw, i + 1, i + 3) : -1;
            if (hex >= 0) {
                out.write(hex);
                i += 2;
            } else {
                out.writeBytes(String.valueOf(ch).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
