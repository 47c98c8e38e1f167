package dev.overcast.gateway;

import dev.overcast.common.auth.SigV4Authenticator;
import dev.overcast.common.dispatch.ResponseHeaders;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.server.mvc.config.GatewayMvcProperties;
import org.springframework.http.MediaType;

/**
 * Sends a request to a service in another process over HTTP/1.1 on the gateway's Apache HttpClient pool, exactly as
 * received: method, raw path and query (never re-encoded: SigV4 signs them), Host and every end-to-end header, the body
 * streamed both ways, never buffered. The servlet request's headers go straight onto the outgoing request and the
 * service's straight onto the servlet response: no intermediate header maps, message converters or response adapters
 * (Spring's {@code RestClient} under Spring Cloud Gateway's {@code RestClientProxyExchange} copied each header three
 * times and cost the gateway a third more CPU per small request). Hop-by-hop headers stay behind, {@code Expect} too
 * (the gateway's own server answered the 100-continue handshake), and a
 * {@value SigV4Authenticator#ORIGINAL_URI_HEADER} from the client is never passed on: only the gateway sets it. An event
 * stream (a media type of {@code spring.cloud.gateway.server.webmvc.streaming-media-types}) is flushed to the client
 * as each read comes from the service.
 */
final class ServiceForwarder {

    private static final Logger log = LoggerFactory.getLogger(ServiceForwarder.class);

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "expect",
            "http2-settings", "content-length");

    private final CloseableHttpClient client;
    private final GatewayErrors errors;
    private final List<MediaType> streamingMediaTypes;
    private final int streamingBufferSize;

    ServiceForwarder(CloseableHttpClient client, GatewayErrors errors, GatewayMvcProperties gateway) {
        this.client = client;
        this.errors = errors;
        this.streamingMediaTypes = List.copyOf(gateway.getStreamingMediaTypes());
        this.streamingBufferSize = gateway.getStreamingBufferSize();
    }

    /**
     * Forwards the routed request to its service's next replica (round robin) and copies the answer into
     * {@code response}. A replica that cannot be reached got nothing of the request (the connection failed before a
     * byte was sent), so the next one gets it; when none can be reached the answer is 503, which SDKs retry.
     */
    void forward(HttpServletRequest request, HttpServletResponse response, RoutedRequest routed) throws IOException {
        ServiceRouter.Target target = routed.target();
        for (int attempt = 1; ; attempt++) {
            URI base = target.baseUri();
            HttpHost host = new HttpHost(base.getScheme(), base.getHost(), base.getPort());
            ClassicHttpResponse answer;
            try {
                answer = client.executeOpen(host, outgoing(request, base, host, routed), null);
            } catch (ConnectException | UnknownHostException | NoRouteToHostException | ConnectionRequestTimeoutException e) {
                log.warn("service {} at {} unreachable: {}", target.name(), base, e.toString());
                if (attempt >= target.replicas().size()) {
                    errors.unreachable(request, response, target);
                    return;
                }
                continue;
            }
            try (answer) {
                copyAnswer(answer, response);
            }
            return;
        }
    }

    private static BasicClassicHttpRequest outgoing(HttpServletRequest request, URI base, HttpHost host,
                                                    RoutedRequest routed) throws IOException {
        BasicClassicHttpRequest out = new BasicClassicHttpRequest(request.getMethod(), host,
                RawUris.requestTarget(base, routed.pathAndQuery()));
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            if (HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) || name.startsWith(":")
                    || name.equalsIgnoreCase(SigV4Authenticator.ORIGINAL_URI_HEADER)) {
                continue;
            }
            for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); ) {
                out.addHeader(name, values.nextElement());
            }
        }
        if (routed.originalUri() != null) {
            out.addHeader(SigV4Authenticator.ORIGINAL_URI_HEADER, routed.originalUri());
        }
        long length = request.getContentLengthLong();
        if (length > 0 || (length < 0 && request.getHeader("Transfer-Encoding") != null)) {
            out.setEntity(new InputStreamEntity(request.getInputStream(), length, null));
        }
        return out;
    }

    /**
     * The service's status and headers, byte for byte (a stored object's Content-Type as S3 keeps it; a header the
     * service sets replaces the gateway's, CORS; repeated ones are all kept), then its body.
     */
    private void copyAnswer(ClassicHttpResponse answer, HttpServletResponse response) throws IOException {
        response.setStatus(answer.getCode());
        Set<String> seen = new HashSet<>();
        String contentType = null;
        for (Header header : answer.getHeaders()) {
            String name = header.getName().toLowerCase(Locale.ROOT);
            if (name.equals("content-length")) {
                response.setContentLengthLong(Long.parseLong(header.getValue().trim()));
            } else if (!HOP_BY_HOP.contains(name)) {
                if (seen.add(name)) {
                    ResponseHeaders.set(response, header.getName(), header.getValue());
                } else {
                    response.addHeader(header.getName(), header.getValue());
                }
                if (contentType == null && name.equals("content-type")) {
                    contentType = header.getValue();
                }
            }
        }
        HttpEntity entity = answer.getEntity();
        if (entity == null) {
            return;
        }
        try (InputStream in = entity.getContent(); OutputStream body = response.getOutputStream()) {
            if (streaming(contentType)) {
                byte[] buffer = new byte[streamingBufferSize];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    body.write(buffer, 0, n);
                    body.flush();
                }
            } else {
                in.transferTo(body);
            }
        }
    }

    private boolean streaming(String contentType) {
        if (contentType == null || streamingMediaTypes.isEmpty()) {
            return false;
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (RuntimeException e) {
            return false;
        }
        for (MediaType streamingType : streamingMediaTypes) {
            if (streamingType.equalsTypeAndSubtype(type)) {
                return true;
            }
        }
        return false;
    }
}
