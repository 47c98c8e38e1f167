package dev.overcast.common.dispatch;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The AWS endpoints served by this JVM, by local port. A front end in the same JVM (the gateway inside the
 * sandbox) hands a request for {@code http://127.0.0.1:<port>} straight to that service's {@link AwsDispatcher}
 * instead of sending it over loopback HTTP: the same request, the same code path behind the servlet layer, one
 * HTTP parse instead of two.
 */
public final class LocalEndpoints {

    private static final Map<Integer, AwsDispatcher> BY_PORT = new ConcurrentHashMap<>();

    private LocalEndpoints() {
    }

    /** A service's web server is up on {@code port}. */
    public static void register(int port, AwsDispatcher dispatcher) {
        BY_PORT.put(port, dispatcher);
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
