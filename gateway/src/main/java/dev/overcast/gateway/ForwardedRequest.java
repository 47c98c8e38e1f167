package dev.overcast.gateway;

import dev.overcast.common.auth.SigV4Authenticator;
import dev.overcast.common.http.AwsHttpRequest;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A request as the gateway hands it to a service in the same JVM: what an HTTP hop would deliver. The path is the
 * routed one (a virtual-host bucket prepended), {@value SigV4Authenticator#ORIGINAL_URI_HEADER} carries what the
 * client signed when the path was rewritten, and {@code Expect} is gone (the gateway's server answered it).
 */
final class ForwardedRequest implements AwsHttpRequest {

    private static final String EXPECT = "Expect";
    private static final String ORIGINAL_URI = SigV4Authenticator.ORIGINAL_URI_HEADER;

    private final AwsHttpRequest request;
    private final String path;
    private final String originalUri;

    /** @param originalUri the client's raw path and query when {@code path} differs from it, else null */
    ForwardedRequest(AwsHttpRequest request, String path, String originalUri) {
        this.request = request;
        this.path = path;
        this.originalUri = originalUri;
    }

    @Override
    public String method() {
        return request.method();
    }

    @Override
    public String rawPath() {
        return path;
    }

    @Override
    public String rawQuery() {
        return request.rawQuery();
    }

    @Override
    public Map<String, List<String>> queryParameters() {
        return request.queryParameters();
    }

    @Override
    public String header(String name) {
        if (name.equalsIgnoreCase(EXPECT)) {
            return null;
        }
        if (name.equalsIgnoreCase(ORIGINAL_URI)) {
            return originalUri; // only the gateway sets it: a client's own is never passed on
        }
        return request.header(name);
    }

    @Override
    public List<String> headers(String name) {
        if (name.equalsIgnoreCase(EXPECT)) {
            return List.of();
        }
        if (name.equalsIgnoreCase(ORIGINAL_URI)) {
            return originalUri == null ? List.of() : List.of(originalUri);
        }
        return request.headers(name);
    }

    @Override
    public Collection<String> headerNames() {
        List<String> names = new ArrayList<>();
        for (String name : request.headerNames()) {
            if (!name.equalsIgnoreCase(EXPECT) && !name.equalsIgnoreCase(ORIGINAL_URI)) {
                names.add(name);
            }
        }
        if (originalUri != null) {
            names.add(ORIGINAL_URI);
        }
        return names;
    }

    @Override
    public InputStream body() {
        return request.body();
    }

    @Override
    public long contentLength() {
        return request.contentLength();
    }
}
