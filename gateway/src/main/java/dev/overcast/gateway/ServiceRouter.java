package dev.overcast.gateway;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.overcast.common.auth.SigV4Credential;
import dev.overcast.common.dispatch.LocalEndpoints;

/**
 * Chooses the backend service of a request: X-Amz-Target prefix, then SigV4 signing name (header or
 * presigned query), then REST path prefix, then the default service. A request for an AWS service this deployment
 * does not run (an X-Amz-Target or signing name no service claims, an S3 Control path) gets an
 * {@linkplain Target#unavailable() unavailable} target: it never falls through to the default service. Built once
 * from the properties; lookups are map hits and a short prefix scan.
 */
public final class ServiceRouter {

    /**
     * A configured service with its replicas' parsed base URLs ({@code url} as configured: one URL, or several
     * separated by commas, taken in turn), and the port under which it may be in this JVM
     * ({@link LocalEndpoints#localPort}, for a single URL; -1: another process); or an AWS service this deployment
     * does not run ({@code unavailable}, without URL).
     */
    public record Target(String name, String url, List<URI> replicas, AtomicInteger turn, int localPort,
                         UnavailableServices.Service unavailable) {

        static Target unavailable(UnavailableServices.Service service) {
            return new Target(service.signingName(), null, List.of(), null, -1, service);
        }

        /** Whether this deployment runs the service. */
        public boolean available() {
            return unavailable == null;
        }

        /**
         * The replica for the next request, round robin. Every replica serves every request correctly (the state
         * is in PostgreSQL), so the turn is per request, not per client.
         */
        public URI baseUri() {
            return replicas.size() == 1 ? replicas.getFirst()
                    : replicas.get(Math.floorMod(turn.getAndIncrement(), replicas.size()));
        }
    }

    private record PathPrefix(String prefix, Target target) {
    }

    private final Map<String, Target> byName = new HashMap<>();
    private final Map<String, Target> byTargetPrefix = new HashMap<>();
    private final Map<String, Target> bySigningName = new HashMap<>();
    private final List<PathPrefix> byPathPrefix = new ArrayList<>();
    private final Target defaultTarget;
    private final UnavailableServices unavailable = new UnavailableServices();

    public ServiceRouter(GatewayProperties properties) {
        properties.getServices().forEach((name, service) -> {
            if (service.getUrl() == null || service.getUrl().isBlank()) {
                return;
            }
            List<URI> replicas = new ArrayList<>();
            for (String url : service.getUrl().split(",")) {
                if (!url.isBlank()) {
                    replicas.add(URI.create(stripTrailingSlash(url.trim())));
                }
            }
            if (replicas.isEmpty()) {
                return;
            }
            String url = String.join(",", replicas.stream().map(URI::toString).toList());
            int localPort = replicas.size() == 1 ? LocalEndpoints.localPort(replicas.getFirst()) : -1;
            Target target = new Target(name, url, List.copyOf(replicas), new AtomicInteger(), localPort, null);
            byName.put(name, target);
            service.getTargetPrefixes().forEach(p -> byTargetPrefix.put(p.trim(), target));
            service.getSigningNames().forEach(s -> bySigningName.put(s.trim().toLowerCase(Locale.ROOT), target));
            service.getPathPrefixes().forEach(p -> byPathPrefix.add(new PathPrefix(stripTrailingSlash(p.trim()), target)));
        });
        byPathPrefix.sort(Comparator.comparingInt((PathPrefix p) -> p.prefix().length()).reversed());
        this.defaultTarget = properties.getDefaultService() == null ? null : byName.get(properties.getDefaultService());
    }

    /** Every configured service, by name. */
    public Map<String, Target> services() {
        return byName;
    }

    /**
     * The service for a request, or {@code null} when none matches and there is no default.
     *
     * @param amzTarget     the X-Amz-Target header, or null
     * @param authorization the Authorization header, or null
     * @param rawPath       the raw request path
     * @param rawQuery      the raw query string, or null
     */
    public Target route(String amzTarget, String authorization, String rawPath, String rawQuery) {
        String targetPrefix = null;
        if (amzTarget != null && !amzTarget.isEmpty()) {
            int dot = amzTarget.indexOf('.');
            targetPrefix = dot < 0 ? amzTarget : amzTarget.substring(0, dot);
            Target t = byTargetPrefix.get(targetPrefix);
            if (t != null) {
                return t;
            }
        }
        if (targetPrefix == null && isS3Control(rawPath)) {
            // S3 Control is signed for s3 too: its API version as first path segment is what tells it apart; the S3
            // service serves it (access points) where this deployment runs one
            Target s3 = bySigningName.get("s3");
            return s3 != null ? s3 : Target.unavailable(unavailable.s3Control());
        }
        SigV4Credential credential = SigV4Credential.fromAuthorizationHeader(authorization);
        if (credential == null && rawQuery != null && rawQuery.contains("X-Amz-Credential=")) {
            credential = SigV4Credential.fromRawQuery(rawQuery);
        }
        if (credential != null) {
            String signingName = credential.service().toLowerCase(Locale.ROOT);
            Target t = bySigningName.get(signingName);
            if (t != null) {
                return t;
            }
            // signed for an AWS service this deployment does not run
            return Target.unavailable(unavailable.bySigningName(signingName));
        }
        if (targetPrefix != null) {
            // only the JSON protocols send X-Amz-Target: never S3's
            return Target.unavailable(unavailable.byTargetPrefix(targetPrefix));
        }
        Target byPath = byPath(rawPath);
        return byPath != null ? byPath : defaultTarget;
    }

    /**
     * The service whose path prefixes claim {@code rawPath}, or null. A service's own suite endpoint under
     * {@code /_overcast/} (MSK's {@code /_overcast/kafka/ca.pem}) is routed this way too.
     */
    public Target byPath(String rawPath) {
        if (rawPath != null) {
            for (PathPrefix p : byPathPrefix) {
                String prefix = p.prefix();
                if (rawPath.startsWith(prefix)
                        && (rawPath.length() == prefix.length() || prefix.isEmpty() || rawPath.charAt(prefix.length()) == '/')) {
                    return p.target();
                }
            }
        }
        return null;
    }

    /** Whether the path is S3 Control's (its hosts, {@code <account>.s3-control…}, name no bucket). */
    public static boolean isS3Control(String rawPath) {
        return rawPath != null && rawPath.startsWith(UnavailableServices.S3_CONTROL_PATH);
    }

    private static String stripTrailingSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
