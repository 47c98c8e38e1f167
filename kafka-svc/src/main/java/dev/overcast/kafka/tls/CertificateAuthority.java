package dev.overcast.kafka.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The certificate authority of the clusters' TLS listeners: created once for the whole suite and kept in the schema
 * (so every replica of the service signs with the same CA and clients trust one certificate, served at
 * {@code GET /_overcast/kafka/ca.pem}), and the brokers' keystore signed by it, kept under the data directory. The
 * keys and certificates are made by the JDK's own {@code keytool} (EC P-256), run as a child process.
 */
@Component
public class CertificateAuthority {

    /** A PKCS#12 keystore and its password. */
    public record Keystore(Path path, String password) {
    }

    /** The stored CA. */
    private record Stored(byte[] keystore, String password, String certificate) {
    }

    private static final Pattern IP = Pattern.compile("[0-9.]+|.*:.*");
    private static final String VALIDITY_DAYS = "3650";
    private static final String PASSWORD_ENV = "OVERCAST_KEYSTORE_PASSWORD";

    private final JdbcClient jdbc;
    private volatile Stored stored;

    public CertificateAuthority(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The CA's certificate (PEM), for clients' trust stores; the CA is created on first use. */
    public String certificatePem() {
        return authority().certificate();
    }

    /**
     * The brokers' keystore in {@code dir}: their certificate for {@code hosts} (and localhost), signed by the CA. It is
     * made once, and again when the CA or the hosts change.
     */
    public synchronized Keystore brokerKeystore(Path dir, List<String> hosts) {
        Stored ca = authority();
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1"));
        hosts.stream().filter(h -> h != null && !h.isBlank() && !h.equals("0.0.0.0") && !h.equals("::")).forEach(names::add);
        String fingerprint = sha256(ca.certificate() + "\n" + String.join(",", names));
        Path keystore = dir.resolve("broker.p12");
        Path settings = dir.resolve("broker.properties");
        try {
            Files.createDirectories(dir);
            Properties existing = new Properties();
            if (Files.exists(settings) && Files.exists(keystore)) {
                try (var in = Files.newInputStream(settings)) {
                    existing.load(in);
                }
                if (fingerprint.equals(existing.getProperty("made-for"))) {
                    return new Keystore(keystore, existing.getProperty("password"));
                }
            }
            Path work = Files.createTempDirectory(dir, "keystore-");
            try {
                // the CA's keystore copied, the broker's key made in it and signed by the CA (keytool -signer), then
                // the CA's own entry removed: what is left is the broker's key with its chain [broker, CA]
                Path store = work.resolve("broker.p12");
                Files.write(store, ca.keystore());
                String cn = names.stream().filter(n -> !n.equals("localhost") && !n.equals("127.0.0.1")).findFirst().orElse("localhost");
                keytool(ca.password(), "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12",
                        "-storepass:env", PASSWORD_ENV, "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-dname", "CN=" + cn, "-validity", VALIDITY_DAYS, "-signer", "ca",
                        "-ext", "SAN=" + subjectAlternativeNames(names),
                        "-ext", "KeyUsage:critical=digitalSignature,keyAgreement", "-ext", "ExtendedKeyUsage=serverAuth");
                keytool(ca.password(), "-delete", "-keystore", store.toString(), "-storepass:env", PASSWORD_ENV, "-alias", "ca");
                Files.move(store, keystore, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } finally {
                try (var files = Files.walk(work)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
            Properties written = new Properties();
            written.setProperty("password", ca.password());
            written.setProperty("made-for", fingerprint);
            try (var out = Files.newOutputStream(settings)) {
                written.store(out, "the brokers' TLS keystore (broker.p12), signed by the suite's MSK CA");
            }
            return new Keystore(keystore, ca.password());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not make the brokers' TLS keystore in " + dir, e);
        }
    }

    /** The CA, created once: the first replica to store it wins, the others take it. */
    private Stored authority() {
        Stored s = stored;
        if (s == null) {
            synchronized (this) {
                s = stored;
                if (s == null) {
                    s = load().orElseGet(() -> {
                        create();
                        return load().orElseThrow();
                    });
                    stored = s;
                }
            }
        }
        return s;
    }

    private Optional<Stored> load() {
        return jdbc.sql("SELECT keystore, password, certificate FROM certificate_authority WHERE id = 1")
                .query((rs, i) -> new Stored(rs.getBytes(1), rs.getString(2), rs.getString(3))).optional();
    }

    private void create() {
        String password = newPassword();
        try {
            Path work = Files.createTempDirectory("overcast-msk-ca-");
            try {
                Path store = work.resolve("ca.p12");
                keytool(password, "-genkeypair", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass:env", PASSWORD_ENV,
                        "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-dname", "CN=Overcast MSK Certificate Authority, O=Overcast", "-validity", VALIDITY_DAYS,
                        "-ext", "BasicConstraints:critical=ca:true,pathlen:0", "-ext", "KeyUsage:critical=keyCertSign,cRLSign");
                byte[] keystore = Files.readAllBytes(store);
                String pem = pem(keystore, password);
                jdbc.sql("""
                        INSERT INTO certificate_authority (id, keystore, password, certificate, created_at)
                        VALUES (1, :keystore, :password, :certificate, :created) ON CONFLICT (id) DO NOTHING""")
                        .param("keystore", keystore).param("password", password)
                        .param("certificate", pem).param("created", Timestamp.from(Instant.now())).update();
            } finally {
                try (var files = Files.walk(work)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the MSK certificate authority", e);
        }
    }

    /** The CA's certificate in PEM, read from its keystore. */
    private static String pem(byte[] keystore, String password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(keystore), password.toCharArray());
            byte[] der = store.getCertificate("ca").getEncoded();
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                    + "\n-----END CERTIFICATE-----\n";
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Could not read the new CA's certificate", e);
        }
    }

    private static String subjectAlternativeNames(Set<String> names) {
        List<String> san = new ArrayList<>();
        names.forEach(n -> san.add((IP.matcher(n).matches() ? "ip:" : "dns:") + n));
        return String.join(",", san);
    }

    /** Runs the JDK's keytool; a failure carries keytool's own words. */
    private static void keytool(String password, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put(PASSWORD_ENV, password); // never on a command line
            Process p = builder.start();
            p.getOutputStream().close();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool " + args[0] + " did not finish");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + new String(output, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String newPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
