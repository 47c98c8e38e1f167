package dev.overcast.common.protocol.xml;

import dev.overcast.common.error.AwsException;
import dev.overcast.common.http.AwsHttpRequest;
import dev.overcast.common.http.AwsHttpResponse;
import dev.overcast.common.protocol.AwsApiDescriptor;
import dev.overcast.common.protocol.ErrorEnvelope;
import dev.overcast.common.protocol.Operation;
import dev.overcast.common.protocol.model.Shape;
import dev.overcast.common.protocol.rest.RestCodec;
import java.io.IOException;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
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
        api.dialect().xmlErrors().write(error, "", request == null ? null : request.method(), requestId, out);
    }
}
