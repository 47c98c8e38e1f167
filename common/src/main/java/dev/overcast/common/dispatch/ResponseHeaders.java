package dev.overcast.common.dispatch;

import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Field;
import org.apache.catalina.connector.Response;
import org.apache.catalina.connector.ResponseFacade;
import org.apache.tomcat.util.buf.CharsetHolder;

/**
 * Sets response headers exactly as given. Tomcat re-renders a Content-Type set through the servlet API
 * ({@code text/plain; charset=UTF-8} goes out as {@code text/plain;charset=UTF-8}), where S3 answers an object's
 * Content-Type byte for byte as it was stored; so Content-Type is handed to Tomcat's connector-level response
 * as is, with no character set of its own. Behind another container (or a wrapper we cannot see through) the
 * servlet API is used.
 */
public final class ResponseHeaders {

    /** {@link ResponseFacade}'s own response: Tomcat offers no public way to it. */
    private static final Field FACADE_RESPONSE = facadeResponse();

    private ResponseHeaders() {
    }

    private static Field facadeResponse() {
        try {
            Field f = ResponseFacade.class.getDeclaredField("response");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    public static void set(HttpServletResponse response, String name, String value) {
        if (!name.equalsIgnoreCase("Content-Type") || !setContentTypeAsIs(response, value)) {
            response.setHeader(name, value);
        }
    }

    private static boolean setContentTypeAsIs(ServletResponse response, String value) {
        ServletResponse inner = response;
        while (inner instanceof ServletResponseWrapper wrapper) {
            inner = wrapper.getResponse();
        }
        if (FACADE_RESPONSE == null || !(inner instanceof ResponseFacade facade) || facade.isCommitted()) {
            return false;
        }
        try {
            org.apache.coyote.Response connector = ((Response) FACADE_RESPONSE.get(facade)).getCoyoteResponse();
            connector.setContentTypeNoCharset(value);
            connector.setCharsetHolder(CharsetHolder.EMPTY);
            return true;
        } catch (IllegalAccessException | RuntimeException e) {
            return false;
        }
    }
}
