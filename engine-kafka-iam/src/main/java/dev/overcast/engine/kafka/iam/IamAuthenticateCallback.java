package dev.overcast.engine.kafka.iam;

import javax.security.auth.callback.Callback;

/**
 * What {@link IamSaslServer} asks its callback handler: is this signed payload good? The handler answers with the
 * authenticated principal and the bytes to send back to the client, or with the reason for a refusal.
 */
public final class IamAuthenticateCallback implements Callback {

    private final byte[] payload;
    private String principal;
    private byte[] response;
    private String error;

    public IamAuthenticateCallback(byte[] payload) {
        this.payload = payload.clone();
    }

    public byte[] payload() {
        return payload.clone();
    }

    /** Authenticated: the principal's name and the server's answer to the client. */
    public void authenticated(String principal, byte[] response) {
        this.principal = principal;
        this.response = response.clone();
    }

    /** Refused, with the message the client sees. */
    public void refused(String error) {
        this.error = error;
    }

    public String principal() {
        return principal;
    }

    public byte[] response() {
        return response == null ? null : response.clone();
    }

    public String error() {
        return error;
    }
}
