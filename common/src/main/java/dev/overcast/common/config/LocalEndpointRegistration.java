package dev.overcast.common.config;

import dev.overcast.common.dispatch.AwsDispatcher;
import dev.overcast.common.dispatch.LocalEndpoints;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/** Registers the service's dispatcher under its port in {@link LocalEndpoints} while its web server runs. */
final class LocalEndpointRegistration implements ApplicationListener<WebServerInitializedEvent>, DisposableBean {

    private final AwsDispatcher dispatcher;
    private volatile int port = -1;

    LocalEndpointRegistration(AwsDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        // the application's own server, not a management server on a port of its own
        if (event.getApplicationContext().getServerNamespace() == null && event.getWebServer().getPort() > 0) {
            port = event.getWebServer().getPort();
            LocalEndpoints.register(port, dispatcher);
        }
    }

    @Override
    public void destroy() {
        if (port > 0) {
            LocalEndpoints.unregister(port, dispatcher);
        }
    }
}
