package dev.overcast.kafka.tls;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /_overcast/kafka/ca.pem}: the certificate of the CA that signs the brokers' TLS certificates, for a Kafka
 * client's trust store ({@code ssl.truststore.type=PEM}).
 */
public class CaServlet extends HttpServlet {

    public static final String PATH = "/_overcast/kafka/ca.pem";

    private final transient CertificateAuthority authority;

    public CaServlet(CertificateAuthority authority) {
        this.authority = authority;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] pem = authority.certificatePem().getBytes(StandardCharsets.US_ASCII);
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("application/x-pem-file");
        resp.setContentLength(pem.length);
        resp.getOutputStream().write(pem);
    }
}
