package dev.overcast.gateway;

import java.net.URI;
import org.apache.hc.client5.http.classic.HttpClient;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;

/**
 * Spring's request factory on Apache HttpClient, with the request target set as the raw path and query of the URI,
 * byte for byte: HttpClient refuses a URI whose path starts with {@code //} (an S3 key starting with '/', addressed
 * virtual-host style, is {@code //key}), which a service must still get, and answer, as sent.
 */
final class RawPathRequestFactory extends HttpComponentsClientHttpRequestFactory {

    RawPathRequestFactory(HttpClient client) {
        super(client);
    }

    @Override
    protected ClassicHttpRequest createHttpUriRequest(HttpMethod method, URI uri) {
        HttpUriRequestBase request = new HttpUriRequestBase(method.name(),
                URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + "/"));
        request.setPath(RawUris.requestTarget(uri));
        return request;
    }
}
