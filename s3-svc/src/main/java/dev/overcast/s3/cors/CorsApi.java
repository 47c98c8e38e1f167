package dev.overcast.s3.cors;

import dev.overcast.common.api.AwsApi;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.StreamingResponse;
import dev.overcast.common.api.XmlRoot;
import dev.overcast.common.error.AwsException;
import dev.overcast.s3.S3Errors;
import dev.overcast.s3.bucket.BucketStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.DeleteBucketCorsRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketCorsResponse;
import software.amazon.awssdk.services.s3.model.GetBucketCorsRequest;
import software.amazon.awssdk.services.s3.model.GetBucketCorsResponse;
import software.amazon.awssdk.services.s3.model.PutBucketCorsRequest;
import software.amazon.awssdk.services.s3.model.PutBucketCorsResponse;

/** A bucket's CORS configuration: Put/Get/DeleteBucketCors. {@link CorsHook} applies it to browser requests. */
@AwsApi(api = "s3")
public class CorsApi {

    static final int MAX_RULES = 100;
    private static final Set<String> METHODS = Set.of("GET", "PUT", "POST", "DELETE", "HEAD");

    private final BucketStore buckets;
    private final CorsStore cors;

    public CorsApi(BucketStore buckets, CorsStore cors) {
        this.buckets = buckets;
        this.cors = cors;
    }

    public PutBucketCorsResponse putBucketCors(RequestContext ctx, PutBucketCorsRequest request) {
        buckets.require(ctx, request.bucket());
        if (request.corsConfiguration() == null || !request.corsConfiguration().hasCorsRules()
                || request.corsConfiguration().corsRules().isEmpty()
                || request.corsConfiguration().corsRules().size() > MAX_RULES) {
            throw S3Errors.malformedXml();
        }
        List<CorsRule> rules = new ArrayList<>();
        for (CORSRule rule : request.corsConfiguration().corsRules()) {
            rules.add(validate(rule));
        }
        cors.put(request.bucket(), rules);
        return PutBucketCorsResponse.builder().build();
    }

    private static CorsRule validate(CORSRule rule) {
        if (!rule.hasAllowedOrigins() || rule.allowedOrigins().isEmpty() || !rule.hasAllowedMethods()
                || rule.allowedMethods().isEmpty() || (rule.id() != null && rule.id().length() > 255)) {
            throw S3Errors.malformedXml();
        }
        for (String method : rule.allowedMethods()) {
            if (!METHODS.contains(method)) {
                throw S3Errors.invalidRequest("Found unsupported HTTP method in CORS config. Unsupported method is " + method);
            }
        }
        for (String origin : rule.allowedOrigins()) {
            if (wildcards(origin) > 1) {
                throw S3Errors.invalidRequest("AllowedOrigin \"" + origin + "\" can not have more than one wildcard.");
            }
        }
        if (rule.hasAllowedHeaders()) {
            for (String header : rule.allowedHeaders()) {
                if (wildcards(header) > 1) {
                    throw S3Errors.invalidRequest("AllowedHeader \"" + header + "\" can not have more than one wildcard.");
                }
            }
        }
        return CorsRule.of(rule);
    }

    private static long wildcards(String s) {
        return s.chars().filter(c -> c == '*').count();
    }

    @XmlRoot("CORSConfiguration")
    public GetBucketCorsResponse getBucketCors(RequestContext ctx, GetBucketCorsRequest request) {
        buckets.require(ctx, request.bucket());
        List<CorsRule> rules = cors.rules(request.bucket()).orElseThrow(() -> noSuchCorsConfiguration(request.bucket()));
        return GetBucketCorsResponse.builder().corsRules(rules.stream().map(CorsRule::toModel).toList()).build();
    }

    public StreamingResponse<DeleteBucketCorsResponse> deleteBucketCors(RequestContext ctx, DeleteBucketCorsRequest request) {
        buckets.require(ctx, request.bucket());
        cors.delete(request.bucket());
        return StreamingResponse.headersOnly(DeleteBucketCorsResponse.builder().build(), 204);
    }

    static AwsException noSuchCorsConfiguration(String bucket) {
        return new AwsException("NoSuchCORSConfiguration", 404, "The CORS configuration does not exist")
                .with("BucketName", bucket);
    }
}
