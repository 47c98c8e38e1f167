package dev.overcast.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the gateway sends requests: {@code overcast.gateway.*}.
 */
@ConfigurationProperties("overcast.gateway")
public class GatewayProperties {

    /** The backend services by name (s3, dynamodb, kafka…). */
    private Map<String, Service> services = new LinkedHashMap<>();

    /** The service that gets a request nothing else claims. */
    private String defaultService = "s3";

    /** The service whose requests get virtual-host-style bucket addressing. */
    private String s3Service = "s3";

    /** Base domains under which {@code <bucket>.<base>} or {@code <bucket>.s3.<base>} names a bucket. */
    private List<String> s3BaseDomains = new ArrayList<>(List.of(
            "localhost", "s3.localhost", "localhost.localstack.cloud", "s3.localhost.localstack.cloud"));

    /**
     * Whether a service in this JVM (the sandbox) gets its requests handed to its dispatcher in-process instead of
     * over loopback HTTP.
     */
    private boolean localHandoff = true;

    private final Cors cors = new Cors();

    private final Health health = new Health();

    private final Http http = new Http();

    public Map<String, Service> getServices() {
        return services;
    }

    public void setServices(Map<String, Service> services) {
        this.services = services;
    }

    public String getDefaultService() {
        return defaultService;
    }

    public void setDefaultService(String defaultService) {
        this.defaultService = defaultService;
    }

    public String getS3Service() {
        return s3Service;
    }

    public void setS3Service(String s3Service) {
        this.s3Service = s3Service;
    }

    public List<String> getS3BaseDomains() {
        return s3BaseDomains;
    }

    public void setS3BaseDomains(List<String> s3BaseDomains) {
        this.s3BaseDomains = s3BaseDomains;
    }

    public boolean isLocalHandoff() {
        return localHandoff;
    }

    public void setLocalHandoff(boolean localHandoff) {
        this.localHandoff = localHandoff;
    }

    public Cors getCors() {
        return cors;
    }

    public Health getHealth() {
        return health;
    }

    public Http getHttp() {
        return http;
    }

    /** One backend service. */
    public static class Service {

        /**
         * Base URL of the service, e.g. {@code http://127.0.0.1:4572}; or the URLs of several replicas separated by
         * commas ({@code http://s3-a:4572,http://s3-b:4572}), which get requests in turn.
         */
        private String url;

        /** X-Amz-Target prefixes (the part before the first '.'), e.g. {@code DynamoDB_20120810}. */
        private List<String> targetPrefixes = new ArrayList<>();

        /** SigV4 signing names, e.g. {@code dynamodb}. */
        private List<String> signingNames = new ArrayList<>();

        /** REST path prefixes, e.g. {@code /v1/clusters}. */
        private List<String> pathPrefixes = new ArrayList<>();

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public List<String> getTargetPrefixes() {
            return targetPrefixes;
        }

        public void setTargetPrefixes(List<String> targetPrefixes) {
            this.targetPrefixes = targetPrefixes;
        }

        public List<String> getSigningNames() {
            return signingNames;
        }

        public void setSigningNames(List<String> signingNames) {
            this.signingNames = signingNames;
        }

        public List<String> getPathPrefixes() {
            return pathPrefixes;
        }

        public void setPathPrefixes(List<String> pathPrefixes) {
            this.pathPrefixes = pathPrefixes;
        }
    }

    /** CORS for browser SDKs. */
    public static class Cors {

        /** Whether the gateway adds CORS headers and answers preflights. */
        private boolean enabled = true;

        /** Access-Control-Max-Age of preflight answers, in seconds. */
        private long maxAge = 3600;

        /** Response headers browsers may read. */
        private List<String> exposeHeaders = new ArrayList<>(List.of(
                "ETag", "x-amz-request-id", "x-amz-id-2", "x-amz-version-id", "x-amz-delete-marker",
                "x-amzn-RequestId", "x-amz-crc32", "x-amzn-ErrorType", "x-amz-server-side-encryption",
                "x-amz-expiration", "x-amz-checksum-crc32", "x-amz-checksum-crc32c", "x-amz-checksum-sha1",
                "x-amz-checksum-sha256", "x-amz-checksum-crc64nvme", "x-amz-mp-parts-count",
                "Content-Range", "Content-Length", "Content-Type", "Content-Encoding", "Content-Disposition",
                "Content-Language", "Cache-Control", "Expires", "Last-Modified", "Accept-Ranges", "Date"));

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public long getMaxAge() {
            return maxAge;
        }

        public void setMaxAge(long maxAge) {
            this.maxAge = maxAge;
        }

        public List<String> getExposeHeaders() {
            return exposeHeaders;
        }

        public void setExposeHeaders(List<String> exposeHeaders) {
            this.exposeHeaders = exposeHeaders;
        }
    }

    /** The aggregated health probe. */
    public static class Health {

        /** Timeout of one service probe, in milliseconds. */
        private long timeoutMillis = 3000;

        public long getTimeoutMillis() {
            return timeoutMillis;
        }

        public void setTimeoutMillis(long timeoutMillis) {
            this.timeoutMillis = timeoutMillis;
        }
    }

    /** How services in other processes are reached. */
    public static class Http {

        /** Connect timeout (and the longest wait for a pooled connection), in milliseconds. */
        private long connectTimeoutMillis = 2000;

        /** Longest silence while a service answers, in milliseconds (an S3 upload of GiBs is answered at its end). */
        private long responseTimeoutMillis = 2 * 60 * 60 * 1000L;

        /** Pooled connections to the services. */
        private int maxConnections = 1024;

        public long getConnectTimeoutMillis() {
            return connectTimeoutMillis;
        }

        public void setConnectTimeoutMillis(long connectTimeoutMillis) {
            this.connectTimeoutMillis = connectTimeoutMillis;
        }

        public long getResponseTimeoutMillis() {
            return responseTimeoutMillis;
        }

        public void setResponseTimeoutMillis(long responseTimeoutMillis) {
            this.responseTimeoutMillis = responseTimeoutMillis;
        }

        public int getMaxConnections() {
            return maxConnections;
        }

        public void setMaxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
        }
    }
}
