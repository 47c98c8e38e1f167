package dev.overcast.gateway;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.RequestPath;
import org.springframework.util.MultiValueMap;
import org.springframework.validation.BindException;
import org.springframework.web.accept.ApiVersionStrategy;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.util.UriBuilder;

/**
 * The {@link ServerRequest} the gateway runs its routes with. Its routes read only the servlet request and its
 * attributes (where {@link GatewayFilter} put the {@link RoutedRequest}), and the service handler streams the servlet
 * request itself: so this answers those two directly and builds Spring's own request (which copies every header into
 * a map of its own and parses the path, on each request) only when something asks for more: a route configured by a
 * user, a filter of Spring Cloud Gateway.
 */
final class RoutedServerRequest implements ServerRequest {

    private final HttpServletRequest servletRequest;
    private final Map<String, Object> attributes;
    private ServerRequest full;

    RoutedServerRequest(HttpServletRequest servletRequest) {
        this.servletRequest = servletRequest;
        this.attributes = new Attributes(servletRequest);
    }

    private ServerRequest full() {
        if (full == null) {
            full = ServerRequest.create(servletRequest, List.of());
        }
        return full;
    }

    @Override
    public HttpServletRequest servletRequest() {
        return servletRequest;
    }

    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }

    @Override
    public HttpMethod method() {
        return HttpMethod.valueOf(servletRequest.getMethod());
    }

    @Override
    public URI uri() {
        return full().uri();
    }

    @Override
    public UriBuilder uriBuilder() {
        return full().uriBuilder();
    }

    @Override
    public String path() {
        return full().path();
    }

    @Override
    public RequestPath requestPath() {
        return full().requestPath();
    }

    @Override
    public Headers headers() {
        return full().headers();
    }

    @Override
    public MultiValueMap<String, Cookie> cookies() {
        return full().cookies();
    }

    @Override
    public Optional<InetSocketAddress> remoteAddress() {
        return full().remoteAddress();
    }

    @Override
    public List<HttpMessageConverter<?>> messageConverters() {
        return full().messageConverters();
    }

    @Override
    public ApiVersionStrategy apiVersionStrategy() {
        return full().apiVersionStrategy();
    }

    @Override
    public <T> T body(Class<T> bodyType) throws ServletException, IOException {
        return full().body(bodyType);
    }

    @Override
    public <T> T body(ParameterizedTypeReference<T> bodyType) throws ServletException, IOException {
        return full().body(bodyType);
    }

    @Override
    public <T> T bind(Class<T> bindType, Consumer<WebDataBinder> dataBinderCustomizer) throws BindException {
        return full().bind(bindType, dataBinderCustomizer);
    }

    @Override
    public MultiValueMap<String, String> params() {
        return full().params();
    }

    @Override
    public MultiValueMap<String, Part> multipartData() throws IOException, ServletException {
        return full().multipartData();
    }

    @Override
    public Map<String, String> pathVariables() {
        return full().pathVariables();
    }

    @Override
    public HttpSession session() {
        return full().session();
    }

    @Override
    public Optional<Principal> principal() {
        return full().principal();
    }

    /** The servlet request's attributes as a map, read and written through. */
    private static final class Attributes extends AbstractMap<String, Object> {

        private final HttpServletRequest request;

        Attributes(HttpServletRequest request) {
            this.request = request;
        }

        @Override
        public Object get(Object key) {
            return key instanceof String name ? request.getAttribute(name) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public Object put(String key, Object value) {
            Object old = request.getAttribute(key);
            request.setAttribute(key, value);
            return old;
        }

        @Override
        public Object remove(Object key) {
            if (!(key instanceof String name)) {
                return null;
            }
            Object old = request.getAttribute(name);
            request.removeAttribute(name);
            return old;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            List<String> names = Collections.list(request.getAttributeNames());
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    Iterator<String> it = names.iterator();
                    return new Iterator<>() {
                        private String last;

                        @Override
                        public boolean hasNext() {
                            return it.hasNext();
                        }

                        @Override
                        public Entry<String, Object> next() {
                            last = it.next();
                            return new SimpleImmutableEntry<>(last, request.getAttribute(last));
                        }

                        @Override
                        public void remove() {
                            request.removeAttribute(last);
                        }
                    };
                }

                @Override
                public int size() {
                    return names.size();
                }
            };
        }
    }
}
