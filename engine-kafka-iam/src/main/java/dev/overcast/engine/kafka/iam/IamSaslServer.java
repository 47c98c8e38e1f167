package dev.overcast.engine.kafka.iam;

import java.io.IOException;
import java.util.Arrays;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.apache.kafka.common.errors.SaslAuthenticationException;

/**
 * One connection's {@code AWS_MSK_IAM} exchange, as MSK runs it: the client's first (and only) message is the signed
 * JSON payload; the server checks it and answers with a JSON response ({@code version}, {@code request-id}), after
 * which the exchange is complete. A refusal is a {@link SaslAuthenticationException}, whose message Kafka passes on
 * to the client.
 */
final class IamSaslServer implements SaslServer {

    private final CallbackHandler handler;
    private String principal;
    private boolean complete;

    IamSaslServer(CallbackHandler handler) {
        this.handler = handler;
    }

    @Override
    public String getMechanismName() {
        return IamLoginModule.MECHANISM;
    }

    @Override
    public byte[] evaluateResponse(byte[] response) throws SaslException {
        if (complete) {
            throw new IllegalStateException("The AWS_MSK_IAM exchange is already complete");
        }
        if (response == null || response.length == 0) {
            throw new SaslAuthenticationException("Authentication failed: the AWS_MSK_IAM payload is empty");
        }
        IamAuthenticateCallback callback = new IamAuthenticateCallback(response);
        try {
            handler.handle(new Callback[] {callback});
        } catch (IOException | UnsupportedCallbackException e) {
            throw new SaslException("Could not check the AWS_MSK_IAM payload: " + e.getMessage(), e);
        }
        if (callback.principal() == null) {
            throw new SaslAuthenticationException("Authentication failed: "
                    + (callback.error() == null ? "the payload was refused" : callback.error()));
        }
        principal = callback.principal();
        complete = true;
        return callback.response();
    }

    @Override
    public boolean isComplete() {
        return complete;
    }

    @Override
    public String getAuthorizationID() {
        if (!complete) {
            throw new IllegalStateException("The AWS_MSK_IAM exchange is not complete");
        }
        return principal;
    }

    @Override
    public byte[] unwrap(byte[] incoming, int offset, int len) {
        if (!complete) {
            throw new IllegalStateException("The AWS_MSK_IAM exchange is not complete");
        }
        return Arrays.copyOfRange(incoming, offset, offset + len);
    }

    @Override
    public byte[] wrap(byte[] outgoing, int offset, int len) {
        if (!complete) {
            throw new IllegalStateException("The AWS_MSK_IAM exchange is not complete");
        }
        return Arrays.copyOfRange(outgoing, offset, offset + len);
    }

    @Override
    public Object getNegotiatedProperty(String propName) {
        if (!complete) {
            throw new IllegalStateException("The AWS_MSK_IAM exchange is not complete");
        }
        return null;
    }

    @Override
    public void dispose() {
    }
}
