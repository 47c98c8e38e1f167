package dev.overcast.kafka.auth;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /_overcast/kafka/iam}: the brokers' IAM plugin hands a client's {@code AWS_MSK_IAM} payload here. HTTP
 * 200 with the principal in {@code X-Overcast-Principal} and MSK's answer as the body; HTTP 403 with the reason as
 * the body when the payload is refused.
 */
public class IamServlet extends HttpServlet {

    public static final String PATH = "/_overcast/kafka/iam";
    /** Larger than any payload aws-msk-iam-auth sends (a session token included). */
    private static final int MAX_PAYLOAD = 64 * 1024;

    private final transient IamPayloadCheck check;

    public IamServlet(IamPayloadCheck check) {
        this.check = check;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] payload = req.getInputStream().readNBytes(MAX_PAYLOAD + 1);
        if (payload.length > MAX_PAYLOAD) {
            refuse(resp, "Invalid authentication payload: larger than " + MAX_PAYLOAD + " bytes");
            return;
        }
        IamPayloadCheck.Accepted accepted;
        try {
            accepted = check.check(payload);
        } catch (IamPayloadCheck.Refused e) {
            refuse(resp, e.getMessage());
            return;
        }
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setHeader("X-Overcast-Principal", accepted.principal());
        resp.setContentType("application/json");
        resp.getOutputStream().write(accepted.response());
    }

    private static void refuse(HttpServletResponse resp, String message) throws IOException {
        resp.setStatus(HttpServletResponse.SC_FORBIDDEN);
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
    }
}
