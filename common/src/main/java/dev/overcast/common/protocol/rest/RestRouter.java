package dev.overcast.common.protocol.rest;

import dev.overcast.common.http.AwsHttpRequest;
import dev.overcast.common.protocol.AwsApiDescriptor;
import dev.overcast.common.protocol.Operation;
import dev.overcast.common.protocol.model.Member;
import dev.overcast.common.protocol.model.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.protocol.MarshallLocation;

/**
 * Routes REST requests by the SDK's HTTP bindings: method, path template and literal query keys; among several
 * matches the one with the most required query/header members present wins (S3: PutObject, CopyObject,
 * UploadPart, UploadPartCopy share a template), after the one with the most literal query keys.
 */
public final class RestRouter {

    /** A routed request: the binding and its decoded URI labels. */
    public record Match(HttpBinding binding, Map<String, String> labels) {
    }

    /**
     * An operation's binding; its required query/header members are read from the request shape on first use,
     * so starting a service does not initialise every model class of the API (thousands for S3).
     */
    private static final class Candidate {
        private final HttpBinding binding;
        private volatile List<List<String>> required;

        Candidate(HttpBinding binding) {
            this.binding = binding;
        }

        HttpBinding binding() {
            return binding;
        }

        List<String> requiredQuery() {
            return required().get(0);
        }

        List<String> requiredHeaders() {
            return required().get(1);
        }

        private List<List<String>> required() {
            List<List<String>> r = required;
            if (r == null) {
                List<String> rq = new ArrayList<>();
                List<String> rh = new ArrayList<>();
                for (Member m : Shape.of(binding.operation().requestType()).members()) {
                    if (m.required() && m.location() == MarshallLocation.QUERY_PARAM) {
                        rq.add(m.name());
                    } else if (m.required() && m.location() == MarshallLocation.HEADER) {
                        rh.add(m.name());
                    }
                }
                r = List.of(List.copyOf(rq), List.copyOf(rh));
                required = r;
            }
            return r;
        }
    }

    private final Map<String, List<Candidate>> byMethod = new HashMap<>();
    private final Map<String, HttpBinding> byOperation = new HashMap<>();

    RestRouter(AwsApiDescriptor api, List<Operation> operations) {
        for (Operation op : operations) {
            boolean hasBucket = api.dialect().addressesBucketInPath() && hasBucketMember(op);
            HttpBinding b = HttpBinding.of(api.modelPackage(), op, api.dialect().addressesBucketInPath(), hasBucket);
            if (b == null) {
                continue;
            }
            byMethod.computeIfAbsent(b.method(), k -> new ArrayList<>()).add(new Candidate(b));
            byOperation.put(op.name(), b);
        }
    }

    /** S3: whether the request names a bucket (an accessor {@code bucket()}), without initialising its class. */
    private static boolean hasBucketMember(Operation op) {
        try {
            op.requestType().getMethod("bucket");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    public HttpBinding binding(String operation) {
        return byOperation.get(operation);
    }

    /** All bindings, for diagnostics. */
    public List<HttpBinding> bindings() {
        List<HttpBinding> all = new ArrayList<>();
        byMethod.values().forEach(l -> l.forEach(c -> all.add(c.binding())));
        return all;
    }

    /** The best match, or {@code null}. */
    public Match route(AwsHttpRequest request) {
        List<Candidate> candidates = byMethod.get(request.method());
        if (candidates == null) {
            return null;
        }
        Map<String, List<String>> query = request.queryParameters();
        String xId = request.queryParameter("x-id");
        Match best = null;
        long bestScore = Long.MIN_VALUE;
        for (Candidate c : candidates) {
            if (!c.binding().matchQuery(query)) {
                continue;
            }
            Map<String, String> labels = c.binding().matchPath(request.rawPath());
            if (labels == null) {
                continue;
            }
            int present = 0;
            int missing = 0;
            for (String q : c.requiredQuery()) {
                if (query.containsKey(q)) {
                    present++;
                } else {
                    missing++;
                }
            }
            for (String h : c.requiredHeaders()) {
                if (request.header(h) != null) {
                    present++;
                } else {
                    missing++;
                }
            }
            boolean named = xId != null && xId.equals(c.binding().operation().name());
            // a subresource named in the query (S3 ?attributes, ?tagging…) outweighs required members left out:
            // a request for it without them is that operation's error, not another operation
            long score = (named ? 1L << 50 : 0) + ((long) c.binding().literalQuery().size() << 40)
                    + (missing == 0 ? 1L << 30 : 0) + ((long) present << 20) - missing;
            if (score > bestScore) {
                bestScore = score;
                best = new Match(c.binding(), labels);
            }
        }
        return best;
    }
}
