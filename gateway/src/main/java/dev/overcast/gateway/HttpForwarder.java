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
import java.time.Duration;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends a request to a service in another process over HTTP/1.1, exactly as received: method, raw path and query,
 * Host and every end-to-end header, the body streamed both ways (never buffered). Hop-by-hop headers stay behind;
 * {@code Expect} too, since the gateway's own server answered the 100-continue handshake.
 */
final class HttpForwarder implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "expect",
            "content-length");

    /** The service could not be reached at all (nothing was sent). */
    static final class UnreachableException extends Exception {
        UnreachableException(Throwable cause) {
            super(cause);
        }
    }

    private final CloseableHttpClient client;

    HttpForwarder(Duration connectTimeout, Duration responseTimeout, int maxConnections) {
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                        .setMaxConnTotal(maxConnections)
                        .setMaxConnPerRoute(maxConnections)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(connectTimeout))
                                .setSocketTimeout(Timeout.of(responseTimeout))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.of(connectTimeout))
                        .setResponseTimeout(Timeout.of(responseTimeout))
                        .setExpectContinueEnabled(false)
                        .setRedirectsEnabled(false)
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                .build();
    }

    /**
     * Forwards the request to {@code base} + {@code pathAndQuery} and copies the answer into {@code response}.
     *
     * @param originalUri set as {@code x-overcast-original-uri} when the path was rewritten, else null
     */
    void forward(HttpServletRequest request, HttpServletResponse response, URI base, String pathAndQuery, String originalUri)
            throws IOException, UnreachableException {
        HttpHost host = new HttpHost(base.getScheme(), base.getHost(), base.getPort());
        BasicClassicHttpRequest out = new BasicClassicHttpRequest(request.getMethod(), host, pathAndQuery);
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            if (HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))
                    || name.equalsIgnoreCase(SigV4Authenticator.ORIGINAL_URI_HEADER)) { // only the gateway sets it
                continue;
            }
            for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); ) {
                out.addHeader(name, values.nextElement());
            }
        }
        if (originalUri != null) {
            out.addHeader(SigV4Authenticator.ORIGINAL_URI_HEADER, originalUri);
        }
        long length = request.getContentLengthLong();
        if (length > 0 || (length < 0 && request.getHeader("Transfer-Encoding") != null)) {
            out.setEntity(new InputStreamEntity(request.getInputStream(), length, null));
        }
        ClassicHttpResponse answer;
        try {
            answer = client.executeOpen(host, out, null);
        } catch (ConnectException | UnknownHostException | NoRouteToHostException | ConnectionRequestTimeoutException e) {
            throw new UnreachableException(e);
        }
        try (answer) {
            response.setStatus(answer.getCode());
            Set<String> seen = new HashSet<>();
            for (Header header : answer.getHeaders()) {
                String name = header.getName().toLowerCase(Locale.ROOT);
                if (name.equals("content-length")) {
                    response.setContentLengthLong(Long.parseLong(header.getValue().trim()));
                } else if (!HOP_BY_HOP.contains(name)) {
                    // a header the service sets replaces the gateway's (CORS); repeated ones are all kept
                    if (seen.add(name)) {
                        ResponseHeaders.set(response, header.getName(), header.getValue());
                    } else {
                        response.addHeader(header.getName(), header.getValue());
                    }
                }
            }
            HttpEntity entity = answer.getEntity();
            if (entity != null) {
                try (InputStream in = entity.getContent(); OutputStream body = response.getOutputStream()) {
                    in.transferTo(body);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
