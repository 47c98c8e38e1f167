package dev.overcast.common.dispatch;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The AWS endpoints served by this JVM, by local port. A front end in the same JVM (the gateway inside the
 * sandbox) hands a request for {@code http://127.0.0.1:<port>} straight to that service's {@link AwsDispatcher}
 * instead of sending it over loopback HTTP: the same request, the same code path behind the servlet layer, one
 * HTTP parse instead of two.
 */
public final class LocalEndpoints {

    private static final Map<Integer, AwsDispatcher> BY_PORT = new ConcurrentHashMap<>();
    private static final Map<Integer, CompletableFuture<Void>> STARTING = new ConcurrentHashMap<>();

    private LocalEndpoints() {
    }

    /** A service's web server is up on {@code port}. */
    public static void register(int port, AwsDispatcher dispatcher) {
        BY_PORT.put(port, dispatcher);
        CompletableFuture<Void> starting = STARTING.remove(port);
        if (starting != null) {
            starting.complete(null);
        }
    }

    /**
     * A service of this JVM is starting and will serve {@code port}: until it does (or {@link #failed}), a front end
     * in the JVM waits for it ({@link #awaitStarted}) rather than find nothing there.
     */
    public static void expect(int port) {
        if (!BY_PORT.containsKey(port)) {
            STARTING.putIfAbsent(port, new CompletableFuture<>());
        }
    }

    /** The service expected on {@code port} failed to start: whoever waits for it stops waiting. */
    public static void failed(int port, Throwable cause) {
        CompletableFuture<Void> starting = STARTING.remove(port);
        if (starting != null) {
            starting.completeExceptionally(cause);
        }
    }

    /**
     * Waits, at most {@code timeout}, while the service expected on {@code localPort} is still starting; at once when
     * none is expected there (the usual case: one map lookup).
     */
    public static void awaitStarted(int localPort, Duration timeout) {
        CompletableFuture<Void> starting = localPort < 0 ? null : STARTING.get(localPort);
        if (starting == null) {
            return;
        }
        try {
            starting.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // failed or still starting: the request goes on and meets what is there (the service's error, or none)
        }
    }

    /** The service on {@code port} is going away (only if it is still the one registered). */
    public static void unregister(int port, AwsDispatcher dispatcher) {
        BY_PORT.remove(port, dispatcher);
    }

    /**
     * The port under which a service at {@code baseUri} could be in this JVM: its port when the URL is plain HTTP on
     * a loopback address without a path prefix, else -1 (another process). Worked out once per URL, not per request:
     * it may resolve a host name.
     */
    public static int localPort(URI baseUri) {
        if (!"http".equalsIgnoreCase(baseUri.getScheme()) || baseUri.getPort() < 0
                || (baseUri.getRawPath() != null && !baseUri.getRawPath().isEmpty() && !baseUri.getRawPath().equals("/"))
                || !loopback(baseUri.getHost())) {
            return -1;
        }
        return baseUri.getPort();
    }

    /** The dispatcher serving {@code localPort} (see {@link #localPort}) in this JVM now, or null. */
    public static AwsDispatcher at(int localPort) {
        return localPort < 0 ? null : BY_PORT.get(localPort);
    }

    private static boolean loopback(String host) {
        if (host == null) {
            return false;
        }
        if (host.equals("127.0.0.1") || host.equalsIgnoreCase("localhost") || host.equals("[::1]")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
