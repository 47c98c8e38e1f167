package dev.overcast.common.dispatch;

import dev.overcast.common.api.RawJsonResponse;
import dev.overcast.common.api.RequestContext;
import dev.overcast.common.api.StreamingResponse;
import dev.overcast.common.auth.AuthenticatedRequest;
import dev.overcast.common.auth.SigV4Authenticator;
import dev.overcast.common.auth.SigV4Credential;
import dev.overcast.common.db.SqlState;
import dev.overcast.common.error.AwsException;
import dev.overcast.common.http.AwsHttpRequest;
import dev.overcast.common.http.AwsHttpResponse;
import dev.overcast.common.protocol.AwsApiDescriptor;
import dev.overcast.common.protocol.HttpFault;
import dev.overcast.common.protocol.Operation;
import dev.overcast.common.protocol.validation.ConstraintValidator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;

/**
 * The one request path of every service: pick the API, authenticate, route to the action, decode, call the
 * handler, encode the response or the error in the protocol's shape.
 */
public final class AwsDispatcher {

    private static final Logger log = LoggerFactory.getLogger(AwsDispatcher.class);

    private final List<ApiEndpoint> endpoints;
    private final SigV4Authenticator authenticator;
    private final List<DispatchHook> hooks;

    /** Whether a hook observes completed requests ({@link DispatchHook#observesCompletion}). */
    private final boolean observed;

    AwsDispatcher(List<ApiEndpoint> endpoints, SigV4Authenticator authenticator, List<DispatchHook> hooks) {
        if (endpoints.isEmpty()) {
            throw new IllegalStateException("No AwsApiDescriptor bean: nothing to serve");
        }
        this.endpoints = endpoints;
        this.authenticator = authenticator;
        this.hooks = List.copyOf(hooks);
        this.observed = this.hooks.stream().anyMatch(DispatchHook::observesCompletion);
    }

    public static AwsDispatcher create(java.util.Collection<AwsApiDescriptor> apis, java.util.Collection<Object> handlers,
                                       SigV4Authenticator authenticator) {
        return create(apis, handlers, authenticator, List.of());
    }

    public static AwsDispatcher create(java.util.Collection<AwsApiDescriptor> apis, java.util.Collection<Object> handlers,
                                       SigV4Authenticator authenticator, List<DispatchHook> hooks) {
        return new AwsDispatcher(HandlerRegistry.build(apis, handlers), authenticator, hooks);
    }

    public void handle(AwsHttpRequest request, AwsHttpResponse response) throws IOException {
        if (!observed) {
            dispatch(request, response, null);
            return;
        }
        long start = System.nanoTime();
        ObservedResponse observing = new ObservedResponse(response);
        Object[] state = new Object[4]; // context, operation, decoded request, request id
        try {
            dispatch(request, observing, state);
        } finally {
            Exchange exchange = new Exchange(request, (String) state[3], (RequestContext) state[0], (String) state[1],
                    (SdkRequest) state[2], observing.status, observing.errorCode, observing.bytes, observing.headers,
                    start, observing.firstByte == 0 ? System.nanoTime() : observing.firstByte, System.nanoTime());
            for (DispatchHook hook : hooks) {
                if (hook.observesCompletion()) {
                    try {
                        hook.completed(exchange);
                    } catch (RuntimeException e) {
                        log.warn("Completion hook failed for {} {}", request.method(), request.rawPath(), e);
                    }
                }
            }
        }
    }

    /** {@code state}, when not null, receives the context, operation, decoded request and request id. */
    private void dispatch(AwsHttpRequest request, AwsHttpResponse response, Object[] state) throws IOException {
        ApiEndpoint endpoint = select(request);
        AwsApiDescriptor api = endpoint.api();
        String requestId = api.dialect().assignRequestId(response);
        if (state != null) {
            state[3] = requestId;
        }
        boolean[] committed = {false};
        AwsHttpResponse tracked = new CommitTrackingResponse(response, committed);
        try {
            for (DispatchHook hook : hooks) {
                hook.beforeDispatch(request, tracked);
            }
            for (DispatchHook hook : hooks) {
                if (hook.answers(request)) {
                    hook.answer(requestId, request, tracked);
                    return;
                }
            }
            AuthenticatedRequest auth = authenticator.authenticate(request, api);
            Operation operation = endpoint.codec().route(auth.request());
            ActionHandler handler = endpoint.handlers().get(operation.name());
            if (handler == null) {
                throw api.dialect().errors().notImplemented(operation.name());
            }
            // authenticated and for an action the service has: the client may send its body now, as S3 lets it; an
            // anonymous request's body is asked for only once read (the service decides first whether anyone may act)
            if (auth.principal().accessKeyId() != null) {
                request.continueBody();
            }
            operation = handler.operation();
            SdkRequest decoded = endpoint.codec().readRequest(auth.request(), operation);
            ConstraintValidator.check(api, operation.name(), decoded);
            RequestContext context = new RequestContext(requestId, auth.principal(), auth.request(),
                    auth.request().body(), auth.trailers());
            for (DispatchHook hook : hooks) {
                decoded = hook.resolve(context, operation.name(), decoded);
            }
            if (state != null) {
                state[0] = context;
                state[1] = operation.name();
                state[2] = decoded;
            }
            for (DispatchHook hook : hooks) {
                hook.beforeInvoke(context, operation.name(), decoded);
            }
            Object result = handler.invoke(context, decoded);
            if (result instanceof StreamingResponse<?> streaming) {
                endpoint.codec().writeResponseHead(streaming.response(), operation, streaming.status(), tracked);
                if (streaming.contentType() != null) {
                    tracked.setHeader("Content-Type", streaming.contentType());
                }
                if (streaming.body() != null) {
                    if (streaming.contentLength() >= 0) {
                        tracked.setContentLength(streaming.contentLength());
                    }
                    try (OutputStream out = bodyStream(tracked.body(), streaming.contentLength())) {
                        streaming.body().writeTo(out);
                    }
                } else if (streaming.contentLength() >= 0) {
                    tracked.setContentLength(streaming.contentLength());
                }
            } else if (result instanceof RawJsonResponse<?> raw) {
                endpoint.codec().writeResponse(raw, operation, auth.request(), tracked);
            } else {
                endpoint.codec().writeResponse((SdkResponse) result, operation, auth.request(), tracked);
            }
        } catch (AwsException e) {
            failed(endpoint, request, requestId, response, committed[0], e);
        } catch (IOException e) {
            if (committed[0]) {
                throw e; // client went away mid-body: nothing more to say
            }
            HttpFault fault = HttpFault.ofReadFailure(e);
            if (fault != null) { // the request body stalled, broke its framing or ended early: the client's fault
                failed(endpoint, request, requestId, response, false, fault.error(api, request.method()));
                return;
            }
            log.warn("I/O failure serving {} {}", request.method(), request.rawPath(), e);
            failed(endpoint, request, requestId, response, false, api.dialect().errors().internal());
        } catch (Throwable t) {
            HttpFault fault = committed[0] ? null : HttpFault.ofReadFailure(t);
            if (fault != null) { // a body read failure a handler wrapped (UncheckedIOException): still the client's
                failed(endpoint, request, requestId, response, false, fault.error(api, request.method()));
                return;
            }
            if (SqlState.isUnavailable(t)) {
                log.warn("Database unavailable serving {} {}: {}", request.method(), request.rawPath(), t.toString());
                failed(endpoint, request, requestId, response, committed[0], api.dialect().errors().unavailable());
                return;
            }
            log.error("Unexpected failure serving {} {}", request.method(), request.rawPath(), t);
            failed(endpoint, request, requestId, response, committed[0], api.dialect().errors().internal());
        }
    }

    /**
     * Writes an error the HTTP layer found before any operation was routed (an unparseable request, a stalled body),
     * in the shape of the API the request is for.
     */
    public void writeError(AwsHttpRequest request, AwsHttpResponse response,
                           java.util.function.Function<AwsApiDescriptor, AwsException> error) throws IOException {
        ApiEndpoint endpoint = select(request);
        String requestId = endpoint.api().dialect().assignRequestId(response);
        endpoint.codec().writeError(error.apply(endpoint.api()), request, requestId, response);
    }

    /** Largest buffer between a streamed body and the connection. */
    private static final int STREAM_BUFFER = 256 * 1024;

    /**
     * Where a streamed body goes: a large one through a buffer of up to {@link #STREAM_BUFFER}, so that the socket is
     * written (and the client woken) once per buffer rather than once per 8 KB the container buffers; a small one
     * straight to the container's own buffer.
     */
    private static OutputStream bodyStream(OutputStream out, long contentLength) {
        if (contentLength >= 0 && contentLength <= 8192) {
            return out;
        }
        return new java.io.BufferedOutputStream(out, (int) Math.min(STREAM_BUFFER, contentLength < 0 ? 65536 : contentLength));
    }

    private void failed(ApiEndpoint endpoint, AwsHttpRequest request, String requestId, AwsHttpResponse response,
                        boolean committed, AwsException error) throws IOException {
        if (response instanceof ObservedResponse observing) {
            observing.errorCode = error.code();
        }
        if (committed) {
            // Part of the body has gone out: the only honest signal left is to break the connection.
            throw new IOException("Failed after the response was committed: " + error.code() + " " + error.getMessage());
        }
        endpoint.codec().writeError(error, request, requestId, response);
    }

    private ApiEndpoint select(AwsHttpRequest request) {
        if (endpoints.size() == 1) {
            return endpoints.get(0);
        }
        String path = request.rawPath();
        for (ApiEndpoint e : endpoints) {
            String prefix = e.api().dialect().pathPrefix();
            if (prefix != null && path != null && path.startsWith(prefix)) {
                return e; // S3 Control beside S3
            }
        }
        String target = request.header("X-Amz-Target");
        if (target != null) {
            int dot = target.indexOf('.');
            String prefix = dot < 0 ? target : target.substring(0, dot);
            for (ApiEndpoint e : endpoints) {
                if (prefix.equals(e.api().targetPrefix())) {
                    return e;
                }
            }
        }
        // two REST APIs in one service (MSK and MSK Connect share /v1/tags/…): the SigV4 signing name tells them apart
        SigV4Credential credential =
                SigV4Credential.fromAuthorizationHeader(request.header("Authorization"));
        ApiEndpoint firstRest = null;
        for (ApiEndpoint e : endpoints) {
            if (!e.api().protocol().isJsonRpc() && e.api().dialect().pathPrefix() == null) {
                if (credential == null || credential.service().equals(e.api().signingName())) {
                    return e;
                }
                firstRest = firstRest == null ? e : firstRest;
            }
        }
        return firstRest != null ? firstRest : endpoints.get(0);
    }

    /** Notes what a response was given: status, headers, error code, body bytes and when they started. */
    private static final class ObservedResponse implements AwsHttpResponse {
        private final AwsHttpResponse delegate;
        private final java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        private int status = 200;
        private String errorCode;
        private long bytes;
        private long firstByte;

        ObservedResponse(AwsHttpResponse delegate) {
            this.delegate = delegate;
        }

        @Override
        public void setStatus(int status) {
            this.status = status;
            delegate.setStatus(status);
        }

        @Override
        public void setHeader(String name, String value) {
            headers.put(name, value);
            delegate.setHeader(name, value);
        }

        @Override
        public void addHeader(String name, String value) {
            headers.putIfAbsent(name, value);
            delegate.addHeader(name, value);
        }

        @Override
        public void setContentLength(long length) {
            headers.put("Content-Length", Long.toString(length));
            delegate.setContentLength(length);
        }

        @Override
        public OutputStream body() throws IOException {
            if (firstByte == 0) {
                firstByte = System.nanoTime();
            }
            return new java.io.FilterOutputStream(delegate.body()) {
                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    bytes++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    bytes += len;
                }
            };
        }
    }

    /** Notes when the body starts going out, after which an error can no longer be written. */
    private record CommitTrackingResponse(AwsHttpResponse delegate, boolean[] committed) implements AwsHttpResponse {
        @Override
        public void setStatus(int status) {
            delegate.setStatus(status);
        }

        @Override
        public void setHeader(String name, String value) {
            delegate.setHeader(name, value);
        }

        @Override
        public void addHeader(String name, String value) {
            delegate.addHeader(name, value);
        }

        @Override
        public void setContentLength(long length) {
            delegate.setContentLength(length);
        }

        @Override
        public OutputStream body() throws IOException {
            committed[0] = true;
            return delegate.body();
        }
    }
}
