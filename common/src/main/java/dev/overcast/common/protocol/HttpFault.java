package dev.overcast.common.protocol;

import dev.overcast.common.error.AwsException;
import java.net.SocketTimeoutException;
import java.util.Locale;

/**
 * What is wrong with a request that the HTTP layer refused before any AWS operation was routed (Tomcat's parser,
 * its URI decoder, a body that stalled or broke its framing), with the error each AWS protocol answers for it:
 * S3's own codes for REST-XML, AWS's common HTTP-level errors for the JSON protocols.
 */
public enum HttpFault {

    /** A request line, header, Content-Length, Host or chunked framing that cannot be parsed. */
    BAD_REQUEST,
    /** A path that cannot be decoded (an invalid percent-escape). */
    INVALID_URI,
    /** More request header bytes than the server takes. */
    HEADERS_TOO_LARGE,
    /** A method no AWS API has (TRACE, CONNECT, …). */
    METHOD_NOT_ALLOWED,
    /** A Transfer-Encoding other than chunked. */
    TRANSFER_ENCODING_NOT_IMPLEMENTED,
    /** An Expect value other than 100-continue. */
    EXPECTATION_NOT_IMPLEMENTED,
    /** The connection ended before the body had the bytes its Content-Length announced. */
    INCOMPLETE_BODY,
    /** The client sent nothing for the idle timeout while the body was being read. */
    REQUEST_TIMEOUT,
    /** Anything else the server could not serve. */
    INTERNAL;

    static final String S3_NOT_IMPLEMENTED = "A header you provided implies functionality that is not implemented.";
    static final String S3_REQUEST_TIMEOUT = "Your socket connection to the server was not read from or written to "
            + "within the timeout period. Idle connections will be closed.";

    /**
     * The fault behind an error status Tomcat set, or an exception the body read raised: a read timeout or broken
     * framing first (whatever status was set after it), then the status.
     */
    public static HttpFault of(int status, Throwable failure, String transferEncoding, String rawUri) {
        HttpFault readFailure = ofReadFailure(failure);
        if (readFailure != null) {
            return readFailure;
        }
        if (failure instanceof java.io.EOFException) {
            return INCOMPLETE_BODY; // the read's own exception, as Tomcat records it for its error report
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("header") && message.contains("too large")) {
                return HEADERS_TOO_LARGE;
            }
        }
        return switch (status) {
            case 408 -> REQUEST_TIMEOUT;
            case 405 -> METHOD_NOT_ALLOWED;
            case 417 -> EXPECTATION_NOT_IMPLEMENTED;
            case 501 -> transferEncoding != null ? TRANSFER_ENCODING_NOT_IMPLEMENTED : METHOD_NOT_ALLOWED;
            case 400 -> rawUri != null && !validPercentEncoding(rawUri) ? INVALID_URI : BAD_REQUEST;
            default -> status >= 500 && status != 505 ? INTERNAL : BAD_REQUEST;
        };
    }

    /**
     * The fault behind a failed read of the request body, or null when the failure is not the client's (or not a read):
     * a timeout, broken chunked framing, or the connection ending before the announced length.
     */
    public static HttpFault ofReadFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String type = t.getClass().getName();
            if (type.equals("org.apache.coyote.BadRequestException")) {
                return BAD_REQUEST;
            }
            // Tomcat's wrapper of a failed read or write on the client's connection (not the database's)
            if (type.equals("org.apache.catalina.connector.ClientAbortException")) {
                Throwable cause = t.getCause();
                return cause instanceof SocketTimeoutException ? REQUEST_TIMEOUT
                        : cause instanceof java.io.EOFException ? INCOMPLETE_BODY : null;
            }
            if (t instanceof SocketTimeoutException && failure instanceof SocketTimeoutException) {
                return REQUEST_TIMEOUT; // as Tomcat hands it to its error report
            }
        }
        return null;
    }

    /** The error in the shape of the API the request is for (its dialect's). */
    public AwsException error(AwsApiDescriptor api, String method) {
        return api.dialect().errors().httpFault(this, method);
    }

    /** S3's answer (S3 speaks its own codes; SDKs and the CLI show them as they come). */
    public AwsException s3Error(String method) {
        return switch (this) {
            case BAD_REQUEST -> new AwsException("BadRequest", 400, "An error occurred when parsing the HTTP request.");
            case INVALID_URI -> new AwsException("InvalidURI", 400, "Couldn't parse the specified URI.");
            case HEADERS_TOO_LARGE -> new AwsException("RequestHeaderSectionTooLarge", 400,
                    "Your request header section exceeds the maximum allowed size.");
            case METHOD_NOT_ALLOWED -> new AwsException("MethodNotAllowed", 405,
                    "The specified method is not allowed against this resource.").with("Method", method);
            case TRANSFER_ENCODING_NOT_IMPLEMENTED -> new AwsException("NotImplemented", 501, S3_NOT_IMPLEMENTED)
                    .with("Header", "Transfer-Encoding");
            case EXPECTATION_NOT_IMPLEMENTED -> new AwsException("NotImplemented", 501, S3_NOT_IMPLEMENTED)
                    .with("Header", "Expect");
            case INCOMPLETE_BODY -> new AwsException("IncompleteBody", 400,
                    "You did not provide the number of bytes specified by the Content-Length HTTP header.");
            case REQUEST_TIMEOUT -> new AwsException("RequestTimeout", 400, S3_REQUEST_TIMEOUT);
            case INTERNAL -> new AwsException("InternalError", 500, "We encountered an internal error. Please try again.");
        };
    }

    /** The JSON services' answer: AWS's common errors for problems at the HTTP level. */
    public AwsException jsonError() {
        return switch (this) {
            case BAD_REQUEST, INVALID_URI, METHOD_NOT_ALLOWED, TRANSFER_ENCODING_NOT_IMPLEMENTED,
                 EXPECTATION_NOT_IMPLEMENTED, INCOMPLETE_BODY -> new AwsException("MalformedHttpRequestException", 400,
                    "There are problems with the request at the HTTP level: " + detail());
            case HEADERS_TOO_LARGE -> new AwsException("RequestEntityTooLargeException", 413,
                    "The request header section exceeds the maximum allowed size.");
            case REQUEST_TIMEOUT -> new AwsException("RequestTimeoutException", 408,
                    "The request body was not received within the timeout period.");
            case INTERNAL -> new AwsException("InternalFailure", 500,
                    "The request processing has failed because of an unknown error, exception or failure.");
        };
    }

    private String detail() {
        return switch (this) {
            case INVALID_URI -> "the URI cannot be decoded.";
            case METHOD_NOT_ALLOWED -> "the method is not supported.";
            case TRANSFER_ENCODING_NOT_IMPLEMENTED -> "the Transfer-Encoding is not supported.";
            case EXPECTATION_NOT_IMPLEMENTED -> "the Expect value is not supported.";
            case INCOMPLETE_BODY -> "the body is shorter than its Content-Length.";
            default -> "the request cannot be parsed.";
        };
    }

    /** Whether every {@code %} of a raw URI starts a two-digit hex escape. */
    static boolean validPercentEncoding(String rawUri) {
        for (int i = rawUri.indexOf('%'); i >= 0; i = rawUri.indexOf('%', i + 1)) {
            if (i + 2 >= rawUri.length() || Character.digit(rawUri.charAt(i + 1), 16) < 0
                    || Character.digit(rawUri.charAt(i + 2), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
