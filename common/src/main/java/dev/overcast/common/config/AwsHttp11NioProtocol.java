package dev.overcast.common.config;

import java.lang.reflect.Field;
import org.apache.coyote.Processor;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.coyote.http11.Http11OutputBuffer;
import org.apache.coyote.http11.Http11Processor;
import org.apache.coyote.http11.OutputFilter;

/**
 * Tomcat's NIO HTTP/1.1 connector whose status lines carry reason phrases ({@link ReasonPhraseOutputBuffer}). Tomcat
 * offers no setting for them, so each processor's output buffer is replaced as the processor is created: the same
 * filters, the same header size, only the status line and the 100 Continue written differently.
 */
public class AwsHttp11NioProtocol extends Http11NioProtocol {

    /** The processor's (final) output buffer field: reflection may set a final instance field once accessible. */
    private static final Field OUTPUT_BUFFER;

    static {
        try {
            OUTPUT_BUFFER = Http11Processor.class.getDeclaredField("outputBuffer");
            OUTPUT_BUFFER.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    protected Processor createProcessor() {
        Processor processor = super.createProcessor();
        if (processor instanceof Http11Processor http11) {
            try {
                replaceOutputBuffer(http11);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("Cannot give Tomcat's HTTP/1.1 processor its output buffer", e);
            }
        }
        return processor;
    }

    private void replaceOutputBuffer(Http11Processor http11) throws IllegalAccessException {
        Http11OutputBuffer tomcats = (Http11OutputBuffer) OUTPUT_BUFFER.get(http11);
        ReasonPhraseOutputBuffer ours = new ReasonPhraseOutputBuffer(http11.getRequest().getResponse(),
                getMaxHttpResponseHeaderSize());
        for (OutputFilter filter : tomcats.getFilters()) {
            ours.addFilter(filter);
        }
        OUTPUT_BUFFER.set(http11, ours);
        http11.getRequest().getResponse().setOutputBuffer(ours);
    }
}
