package dev.overcast.common.protocol.xml;

import dev.overcast.common.error.AwsException;
import dev.overcast.common.http.AwsHttpRequest;
import dev.overcast.common.http.AwsHttpResponse;
import dev.overcast.common.protocol.AwsApiDescriptor;
import dev.overcast.common.protocol.Operation;
import dev.overcast.common.protocol.model.Shape;
import dev.overcast.common.protocol.rest.RestCodec;
import java.io.IOException;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.protocol.MarshallingKnownType;

/** The REST-XML protocol (S3). */
public final class RestXmlCodec extends RestCodec {

    public static final String CONTENT_TYPE = "application/xml";

    public RestXmlCodec(AwsApiDescriptor api) {
        super(api);
    }

    public static AwsException malformedXml() {
        return new AwsException("MalformedXML", 400,
                "The XML you provided was not well-formed or did not validate against our published schema");
    }

    @Override
    protected AwsException noMatch(AwsHttpRequest request) {
        String path = request.rawPath() == null ? "/" : request.rawPath();
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        String resourceType = trimmed.isEmpty() ? "SERVICE" : trimmed.indexOf('/') < 0
                || trimmed.indexOf('/') == trimmed.length() - 1 ? "BUCKET" : "OBJECT";
        return new AwsException("MethodNotAllowed", 405, "The specified method is not allowed against this resource.")
                .with("Method", request.method()).with("ResourceType", resourceType);
    }

    @Override
    protected AwsException badValue(String message) {
        return new AwsException("InvalidArgument", 400, message);
    }

    @Override
    protected void readBody(AwsHttpRequest request, Shape shape, Object builder) {
        try {
            readPayload(request, shape, builder, (raw, explicit) -> {
                PushbackInputStream in = new PushbackInputStream(raw, 1);
                int first = in.read();
                if (first < 0) {
                    return;
                }
                in.unread(first);
                XMLStreamReader r = XmlValueReader.openRoot(in);
                if (r == null) {
                    return;
                }
                if (explicit != null) {
                    if (explicit.type() == MarshallingKnownType.SDK_POJO && !r.getLocalName().equals(explicit.name())) {
                        throw malformedXml(); // a document whose root is not the payload's element (S3: MalformedXML)
                    }
                    explicit.set(builder, XmlValueReader.readValue(r, explicit));
                } else {
                    XmlValueReader.readMembers(r, shape, builder);
                }
                while (r.hasNext()) {
                    r.next();
                }
            });
        } catch (XMLStreamException | IllegalArgumentException | IllegalStateException e) {
            throw malformedXml();
        } catch (IOException e) {
            throw new AwsException("IncompleteBody", 400, "The request body terminated unexpectedly");
        }
    }

    @Override
    public void writeResponse(SdkResponse response, Operation operation, AwsHttpResponse out) throws IOException {
        writeHead(response, 200, out);
        byte[] body = responsePayload(response, !wrapsStringPayload(operation), (shape, explicit, v) -> {
            StringBuilder sb = new StringBuilder(XmlValueWriter.DECLARATION);
            if (explicit == null) {
                String root = operation.xmlRoot() != null ? operation.xmlRoot() : operation.name() + "Result";
                XmlValueWriter.writeStructure(sb, root, v, api.xmlNamespace());
            } else if (explicit.type() == MarshallingKnownType.STRING) {
                // S3 GetBucketLocation: <LocationConstraint xmlns="…">region</LocationConstraint>
                sb.append('<').append(explicit.name())
                        .append(" xmlns=\"").append(XmlValueWriter.escape(api.xmlNamespace())).append("\">")
                        .append(XmlValueWriter.escape(v.toString())).append("</").append(explicit.name()).append('>');
            } else {
                XmlValueWriter.writeStructure(sb, explicit.name(), v, api.xmlNamespace());
            }
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        });
        send(out, CONTENT_TYPE, body);
    }

    /**
     * Whether a string payload member is written as an XML element rather than raw text: S3's GetBucketLocation,
     * whose SDK model marks the single output member as the payload although S3 answers an XML document.
     */
    private boolean wrapsStringPayload(Operation operation) {
        return api.dialect().addressesBucketInPath() && "GetBucketLocation".equals(operation.name());
    }

    @Override
    public void writeError(AwsException error, AwsHttpRequest request, String requestId, AwsHttpResponse out)
            throws IOException {
        out.setStatus(error.status());
        error.headers().forEach(out::setHeader);
        if (request != null && "HEAD".equals(request.method())) {
            out.setContentLength(0);
            return;
        }
        StringBuilder sb = new StringBuilder(XmlValueWriter.DECLARATION).append("<Error>");
        element(sb, "Code", error.code());
        element(sb, "Message", error.getMessage());
        for (Map.Entry<String, String> e : error.fields().entrySet()) {
            element(sb, e.getKey(), e.getValue());
        }
        if (error.details() != null) {
            XmlValueWriter.writeMembers(sb, Shape.of(error.details().getClass()), error.details());
        }
        element(sb, "RequestId", requestId);
        element(sb, "HostId", hostId());
        sb.append("</Error>");
        out.setHeader("Content-Type", CONTENT_TYPE);
        send(out, CONTENT_TYPE, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void element(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append('<').append(name).append('>').append(XmlValueWriter.escape(value))
                    .append("</").append(name).append('>');
        }
    }

    private static String hostId() {
        byte[] b = new byte[48];
        ThreadLocalRandom.current().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }
}
