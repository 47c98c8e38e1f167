package dev.overcast.gateway;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The answer of a gateway route that writes the servlet response itself, status, headers and body (a service's answer
 * as it comes, an error in the service's shape): nothing of its own is set before, so nothing is built per request but
 * this object.
 */
final class WrittenResponse implements ServerResponse {

    /** Writes the whole answer. */
    @FunctionalInterface
    interface Writer {
        void write(HttpServletRequest request, HttpServletResponse response) throws IOException;
    }

    private static final HttpHeaders NO_HEADERS = HttpHeaders.readOnlyHttpHeaders(new HttpHeaders());
    private static final MultiValueMap<String, Cookie> NO_COOKIES =
            org.springframework.util.CollectionUtils.unmodifiableMultiValueMap(new LinkedMultiValueMap<>());

    private final Writer writer;

    WrittenResponse(Writer writer) {
        this.writer = writer;
    }

    /** The status the writer sets; until it has, what the servlet response starts with. */
    @Override
    public HttpStatusCode statusCode() {
        return HttpStatus.OK;
    }

    @Override
    public HttpHeaders headers() {
        return NO_HEADERS;
    }

    @Override
    public MultiValueMap<String, Cookie> cookies() {
        return NO_COOKIES;
    }

    @Override
    public ModelAndView writeTo(HttpServletRequest request, HttpServletResponse response, Context context)
            throws IOException {
        writer.write(request, response);
        return null;
    }
}
