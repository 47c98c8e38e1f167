package dev.overcast.common.config;

import java.nio.charset.StandardCharsets;
import dev.overcast.common.dispatch.ServletAwsHttpRequest;
import org.apache.coyote.ActionCode;
import org.apache.coyote.Adapter;
import org.apache.coyote.ContinueResponseTiming;
import org.apache.coyote.Request;
import org.apache.coyote.Response;
import org.apache.tomcat.util.buf.ByteChunk;
import org.apache.tomcat.util.buf.MessageBytes;
import org.apache.tomcat.util.net.SocketEvent;

/**
 * What AWS requests need from Tomcat before any filter runs.
 * <p>
 * Raw paths: lets paths with {@code .} and {@code ..} segments, or an encoded U+0000 ({@code %00}), through Tomcat
 * untouched. On
 * S3 they are ordinary key characters ({@code ../../etc/passwd} and {@code a%00b} are legal keys), but Tomcat
 * normalises the path before any filter runs, refuses one that climbs above the root and refuses {@code %00}. Such a
 * request is handed on with its raw URI as the request URI (what {@code getRequestURI()} answers, as for any request)
 * and {@code /} as the path Tomcat maps: every request goes to the one AWS filter anyway, which reads the raw URI.
 * <p>
 * 100 Continue on demand: a request that expects one can have it sent when the service has authenticated it
 * ({@link ServletAwsHttpRequest#continueBody()}), not only at the first read of the body.
 */
final class AwsCoyoteAdapter implements Adapter {

    private final Adapter delegate;

    AwsCoyoteAdapter(Adapter delegate) {
        this.delegate = delegate;
    }

    @Override
    public void service(Request req, Response res) throws Exception {
        MessageBytes uri = req.requestURI();
        if (uri.getType() == MessageBytes.T_BYTES
                && (hasDotSegment(uri.getByteChunk()) || hasEncodedNul(uri.getByteChunk()))) {
            ByteChunk raw = uri.getByteChunk();
            String rawUri = new String(raw.getBuffer(), raw.getStart(), raw.getLength(), StandardCharsets.ISO_8859_1);
            // a String URI is one Tomcat takes as already decoded and normalised (its in-memory path)
            uri.setString(rawUri);
            req.decodedURI().setString("/");
        }
        if (req.hasExpectation()) {
            req.setAttribute(ServletAwsHttpRequest.CONTINUE_ATTRIBUTE,
                    (Runnable) () -> req.action(ActionCode.ACK, ContinueResponseTiming.ALWAYS));
        }
        delegate.service(req, res);
    }

    /** Whether the raw path holds {@code %00}, which Tomcat's decoding refuses (an S3 key may hold U+0000). */
    static boolean hasEncodedNul(ByteChunk path) {
        byte[] b = path.getBuffer();
        for (int i = path.getStart(); i + 2 < path.getEnd(); i++) {
            if (b[i] == '%' && b[i + 1] == '0' && b[i + 2] == '0') {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a segment of the raw path (between {@code /} or {@code \}, path parameters after {@code ;} aside, with
     * {@code %2e} read as a dot) is {@code .} or {@code ..}: what Tomcat's normalisation would act on.
     */
    static boolean hasDotSegment(ByteChunk path) {
        byte[] b = path.getBuffer();
        int end = path.getEnd();
        int dots = 0;
        boolean other = false;
        boolean params = false;
        for (int i = path.getStart(); i <= end; i++) {
            int c = i == end ? '/' : b[i];
            if (c == '/' || c == '\\') {
                if (dots > 0 && dots <= 2 && !other) {
                    return true;
                }
                dots = 0;
                other = false;
                params = false;
            } else if (params) {
                continue;
            } else if (c == ';') {
                params = true;
            } else if (c == '.') {
                dots++;
            } else if (c == '%' && i + 2 < end && b[i + 1] == '2' && (b[i + 2] == 'e' || b[i + 2] == 'E')) {
                dots++;
                i += 2;
            } else {
                other = true;
            }
        }
        return false;
    }

    @Override
    public boolean prepare(Request req, Response res) throws Exception {
        return delegate.prepare(req, res);
    }

    @Override
    public boolean asyncDispatch(Request req, Response res, SocketEvent status) throws Exception {
        return delegate.asyncDispatch(req, res, status);
    }

    @Override
    public void log(Request req, Response res, long time) {
        delegate.log(req, res, time);
    }

    @Override
    public void checkRecycled(Request req, Response res) {
        delegate.checkRecycled(req, res);
    }

    @Override
    public String getDomain() {
        return delegate.getDomain();
    }
}
