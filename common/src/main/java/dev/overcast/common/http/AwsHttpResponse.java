package dev.overcast.common.http;

import java.io.IOException;
import java.io.OutputStream;

/** The HTTP response as the protocol layer writes it. */
public interface AwsHttpResponse {

    void setStatus(int status);

    /** Replaces any value of the header. */
    void setHeader(String name, String value);

    void addHeader(String name, String value);

    /** Content length of the body about to be written; call before {@link #body()}. */
    void setContentLength(long length);

    /** The body stream; headers and status are committed once it is written to. */
    OutputStream body() throws IOException;
}
