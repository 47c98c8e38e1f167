package dev.overcast.firehose.encryption;

import dev.overcast.firehose.deliverystream.DeliveryStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamEncryptionConfiguration;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamEncryptionStatus;
import software.amazon.awssdk.services.firehose.model.KeyType;

/**
 * Server-side encryption of the buffer at rest. The suite has no KMS: per account, region and KMS key id (a customer
 * managed key's ARN, or {@code AWS_OWNED_CMK}) it keeps a 256-bit data key of its own in {@code encryption_key}, made
 * the first time the key id is used. A batch is sealed with AES-GCM (the JDK's): a random 12-byte nonce, then the
 * ciphertext and its tag, bound to its delivery stream.
 */
@Component
public class BufferKeys {

    /** A data key and its row id (which a sealed batch names). */
    public record Key(long id, SecretKey secret) {
    }

    private static final String AWS_OWNED = "AWS_OWNED_CMK";
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Map<String, Key> byRef = new ConcurrentHashMap<>();
    private final Map<Long, SecretKey> byId = new ConcurrentHashMap<>();

    public BufferKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The key a stream's new records are sealed with, or null when its encryption is off. Encryption counts as on from
     * StartDeliveryStreamEncryption (ENABLING) until StopDeliveryStreamEncryption (DISABLING): records are never
     * stored in the clear while a start is pending.
     */
    public Key forStream(DeliveryStream stream, Instant now) {
        DeliveryStreamEncryptionConfiguration c = stream.encryptionConfiguration(now);
        if (c.status() != DeliveryStreamEncryptionStatus.ENABLED && c.status() != DeliveryStreamEncryptionStatus.ENABLING) {
            return null;
        }
        String ref = c.keyType() == KeyType.CUSTOMER_MANAGED_CMK ? c.keyARN() : AWS_OWNED;
        return byRef.computeIfAbsent(stream.account() + '\n' + stream.region() + '\n' + ref,
                k -> load(stream.account(), stream.region(), ref));
    }

    /** The key, made (once across replicas: the unique row decides) the first time. */
    private Key load(String account, String region, String ref) {
        byte[] material = new byte[32];
        RANDOM.nextBytes(material);
        jdbc.sql("""
                        insert into encryption_key (account_id, region, key_ref, material) values (:account, :region, :ref, :m)
                        on conflict (account_id, region, key_ref) do nothing""")
                .param("account", account).param("region", region).param("ref", ref).param("m", material).update();
        return jdbc.sql("select id, material from encryption_key where account_id = :account and region = :region"
                        + " and key_ref = :ref")
                .param("account", account).param("region", region).param("ref", ref)
                .query((rs, i) -> new Key(rs.getLong(1), new SecretKeySpec(rs.getBytes(2), "AES"))).single();
    }

    private SecretKey byId(long id) {
        return byId.computeIfAbsent(id, k -> jdbc.sql("select material from encryption_key where id = :id")
                .param("id", id).query((rs, i) -> (SecretKey) new SecretKeySpec(rs.getBytes(1), "AES")).single());
    }

    /** The bytes sealed under the key for a stream: nonce, ciphertext, tag. */
    public static byte[] seal(Key key, long streamId, byte[] plain) {
        byte[] out = new byte[NONCE + plain.length + TAG_BITS / 8];
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, 0, NONCE);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key.secret(), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad(streamId));
            c.doFinal(plain, 0, plain.length, out, NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
        return out;
    }

    /** The plaintext of bytes {@link #seal sealed} under the key of row {@code keyId} for the stream. */
    public byte[] open(long keyId, long streamId, byte[] sealed) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, byId(keyId), new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE));
            c.updateAAD(aad(streamId));
            return c.doFinal(sealed, NONCE, sealed.length - NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a buffered batch of delivery stream " + streamId
                    + " does not decrypt with its key " + keyId + ": " + e, e);
        }
    }

    private static byte[] aad(long streamId) {
        return ByteBuffer.allocate(8).putLong(streamId).array();
    }
}
