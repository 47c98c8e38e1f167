package dev.overcast.common.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.coyote.Response;
import org.apache.coyote.http11.Http11OutputBuffer;

/**
 * Tomcat's HTTP/1.1 output with a reason phrase in every status line, as AWS writes them ({@code HTTP/1.1 403 Forbidden},
 * {@code HTTP/1.1 100 Continue}). Tomcat leaves the phrase out ({@code HTTP/1.1 403 }), which HTTP allows but
 * botocore's {@code Expect: 100-continue} handling does not: a final answer in place of the 100 (a request refused
 * before its body is read) must have three parts, or botocore reads the answer's first header as its status line.
 */
final class ReasonPhraseOutputBuffer extends Http11OutputBuffer {

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[][] STATUS_LINES = new byte[600][];

    static {
        for (int status = 100; status < STATUS_LINES.length; status++) {
            STATUS_LINES[status] = ("HTTP/1.1 " + status + " " + reasonPhrase(status) + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    /** Whether this request's 100 Continue has gone out (Tomcat's own flag is private). */
    private volatile boolean continued;

    ReasonPhraseOutputBuffer(Response response, int headerBufferSize) {
        super(response, headerBufferSize);
    }

    @Override
    public void sendStatus(int status) {
        if (status >= 100 && status < STATUS_LINES.length) {
            write(STATUS_LINES[status]);
        } else {
            super.sendStatus(status);
        }
    }

    /** The interim {@code 100 Continue}, once per request and only while no final answer has gone out. */
    @Override
    public void sendAck() throws IOException {
        if (!response.isCommitted() && !continued) {
            continued = true;
            socketWrapper.write(isBlocking(), CONTINUE, 0, CONTINUE.length);
            if (flushBuffer(true)) {
                throw new IOException("Failed to write the 100 Continue response");
            }
        }
    }

    @Override
    public void nextRequest() {
        super.nextRequest();
        continued = false;
    }

    @Override
    public void recycle() {
        super.recycle();
        continued = false;
    }

    /** RFC 9110's reason phrases (and S3's use of 429's); any other status gets its class's name. */
    static String reasonPhrase(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 101 -> "Switching Protocols";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 206 -> "Partial Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 411 -> "Length Required";
            case 412 -> "Precondition Failed";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Range Not Satisfiable";
            case 417 -> "Expectation Failed";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> switch (status / 100) {
                case 1 -> "Informational";
                case 2 -> "Success";
                case 3 -> "Redirection";
                case 4 -> "Client Error";
                default -> "Server Error";
            };
        };
    }
}
