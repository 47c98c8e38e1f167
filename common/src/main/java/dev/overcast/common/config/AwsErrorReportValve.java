package dev.overcast.common.config;

import dev.overcast.common.protocol.HttpFault;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's error report (its HTML page) replaced by the AWS error of the service: what Tomcat refuses before any
 * filter runs (an unparseable request line, Content-Length or URI, headers over the limit, an unknown
 * Transfer-Encoding or Expect, TRACE) and what breaks while a body is read (a stalled or badly framed body) reach
 * the client as the protocol's error, written by an {@link Writer}.
 */
public final class AwsErrorReportValve extends ErrorReportValve {

    private static final Logger log = LoggerFactory.getLogger(AwsErrorReportValve.class);

    /** Writes a fault the HTTP layer found in the AWS shape of the service the request is for. */
    @FunctionalInterface
    public interface Writer {
        void write(HttpFault fault, HttpServletRequest request, HttpServletResponse response) throws IOException;
    }

    private final Writer writer;

    public AwsErrorReportValve(Writer writer) {
        this.writer = writer;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        Throwable failure = throwable != null ? throwable
                : (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        HttpFault fault = HttpFault.of(status, failure, request.getHeader("Transfer-Encoding"), request.getRequestURI());
        try {
            response.reset();
            writer.write(fault, request.getRequest(), response.getResponse());
        } catch (IOException | RuntimeException e) {
            log.debug("could not write the error for {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
        }
    }
}
