package dev.overcast.s3.website;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.StreamingResponse;
import dev.overcast.common.api.XmlRoot;
import dev.overcast.common.error.AwsException;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.bucket.BucketStore;
import java.util.Set;
import software.amazon.awssdk.services.s3.model.DeleteBucketWebsiteRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketWebsiteResponse;
import software.amazon.awssdk.services.s3.model.GetBucketWebsiteRequest;
import software.amazon.awssdk.services.s3.model.GetBucketWebsiteResponse;
import software.amazon.awssdk.services.s3.model.PutBucketWebsiteRequest;
import software.amazon.awssdk.services.s3.model.PutBucketWebsiteResponse;
import software.amazon.awssdk.services.s3.model.RoutingRule;
import software.amazon.awssdk.services.s3.model.WebsiteConfiguration;

/** A bucket's static website: Put/Get/DeleteBucketWebsite. {@link WebsiteHook} serves it on the website endpoint. */
@AwsApi(api = "s3")
public class WebsiteApi {

    static final int MAX_ROUTING_RULES = 50;
    private static final Set<String> REDIRECT_CODES = Set.of("301", "302", "303", "307", "308");

    private final BucketStore buckets;
    private final WebsiteStore websites;

    public WebsiteApi(BucketStore buckets, WebsiteStore websites) {
        this.buckets = buckets;
        this.websites = websites;
    }

    public PutBucketWebsiteResponse putBucketWebsite(RequestContext ctx, PutBucketWebsiteRequest request) {
        buckets.require(ctx, request.bucket());
        WebsiteConfiguration c = request.websiteConfiguration();
        if (c == null) {
            throw S3Errors.malformedXml();
        }
        if (c.redirectAllRequestsTo() != null) {
            if (c.indexDocument() != null || c.errorDocument() != null || c.hasRoutingRules()) {
                throw S3Errors.invalidArgument("RedirectAllRequestsTo cannot be provided in conjunction with other "
                        + "Routing Rules.", "RedirectAllRequestsTo", "not null");
            }
            if (c.redirectAllRequestsTo().hostName() == null || c.redirectAllRequestsTo().hostName().isEmpty()) {
                throw S3Errors.malformedXml();
            }
        } else {
            if (c.indexDocument() == null) {
                throw S3Errors.invalidArgument("A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo "
                        + "is empty", "IndexDocument", "null");
            }
            String suffix = c.indexDocument().suffix();
            if (suffix == null || suffix.isEmpty() || suffix.contains("/")) {
                throw S3Errors.invalidArgument("The IndexDocument Suffix is not well formed", "IndexDocument",
                        String.valueOf(suffix));
            }
        }
        if (c.hasRoutingRules()) {
            if (c.routingRules().size() > MAX_ROUTING_RULES) {
                throw S3Errors.malformedXml();
            }
            for (RoutingRule rule : c.routingRules()) {
                var r = rule.redirect();
                if (r == null || (r.replaceKeyWith() != null && r.replaceKeyPrefixWith() != null)) {
                    throw S3Errors.malformedXml();
                }
                if (r.httpRedirectCode() != null && !REDIRECT_CODES.contains(r.httpRedirectCode())) {
                    throw S3Errors.invalidArgument("The provided HTTP redirect code (" + r.httpRedirectCode()
                            + ") is not valid. Valid codes are 3XX except 300.", "HttpRedirectCode", r.httpRedirectCode());
                }
            }
        }
        websites.put(request.bucket(), c);
        return PutBucketWebsiteResponse.builder().build();
    }

    @XmlRoot("WebsiteConfiguration")
    public GetBucketWebsiteResponse getBucketWebsite(RequestContext ctx, GetBucketWebsiteRequest request) {
        buckets.require(ctx, request.bucket());
        WebsiteConfiguration c = websites.find(request.bucket()).orElseThrow(() -> noSuchWebsite(request.bucket()));
        return GetBucketWebsiteResponse.builder().redirectAllRequestsTo(c.redirectAllRequestsTo())
                .indexDocument(c.indexDocument()).errorDocument(c.errorDocument())
                .routingRules(c.hasRoutingRules() ? c.routingRules() : null).build();
    }

    public StreamingResponse<DeleteBucketWebsiteResponse> deleteBucketWebsite(RequestContext ctx,
                                                                             DeleteBucketWebsiteRequest request) {
        buckets.require(ctx, request.bucket());
        websites.delete(request.bucket());
        return StreamingResponse.headersOnly(DeleteBucketWebsiteResponse.builder().build(), 204);
    }

    static AwsException noSuchWebsite(String bucket) {
        return new AwsException("NoSuchWebsiteConfiguration", 404,
                "The specified bucket does not have a website configuration").with("BucketName", bucket);
    }
}
