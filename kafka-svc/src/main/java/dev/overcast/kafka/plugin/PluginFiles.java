package dev.overcast.kafka.plugin;

import dev.overcast.common.auth.SuiteCredentials;
import dev.overcast.kafka.plugin.CustomPluginStore.StoredPlugin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Custom plugins' files: read from the suite's S3 through the S3 API (as the plugin's account: its access key is the
 * account id) at the exact object version recorded, kept in {@code <data-dir>/msk-connect/plugins/<plugin id>/}, and
 * laid out in a worker's {@code plugin.path}: a JAR as it is, a ZIP unpacked.
 */
@Component
public class PluginFiles {

    /** What was read: the object version S3 answered with (null for an unversioned bucket), MD5 and size. */
    public record Read(String objectVersion, String md5, long size) {
    }

    /** The plugin's file cannot be read or is not what was read at creation: the plugin's or connector's failure. */
    public static final class PluginFileException extends RuntimeException {
        public PluginFileException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final URI s3;
    private final Path root;

    private final SuiteCredentials credentials;

    public PluginFiles(SuiteCredentials credentials, @Value("${overcast.kafka.s3-url}") URI s3, @Value("${overcast.kafka.data-dir}") Path dataDir) {
        this.credentials = credentials;
        this.s3 = s3;
        this.root = dataDir.toAbsolutePath().normalize().resolve("msk-connect").resolve("plugins");
    }

    /** Reads the plugin's file from S3 into its folder, streamed, and returns what was read. */
    public Read fetch(StoredPlugin p) {
        Path target = file(p);
        CustomPluginStore.Location at = p.location();
        try (S3Client client = S3Client.builder().endpointOverride(s3).region(Region.of(p.region())).forcePathStyle(true)
                .credentialsProvider(credentials.account(p.account()))
                .httpClient(UrlConnectionHttpClient.create()).build();
             ResponseInputStream<GetObjectResponse> in = client.getObject(b -> b.bucket(at.bucket()).key(at.fileKey())
                     .versionId(at.objectVersion()))) {
            Files.createDirectories(target.getParent());
            Path scratch = Files.createTempFile(target.getParent(), "fetch-", ".part");
            MessageDigest md5 = md5();
            long size;
            try (InputStream digesting = new DigestInputStream(in, md5)) {
                size = Files.copy(digesting, scratch, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(scratch, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Read(in.response().versionId(), HexFormat.of().formatHex(md5.digest()), size);
        } catch (S3Exception e) {
            String reason = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorCode();
            throw new PluginFileException("The object s3://" + at.bucket() + "/" + at.fileKey()
                    + (at.objectVersion() == null ? "" : " (version " + at.objectVersion() + ")") + " could not be read: " + reason, e);
        } catch (IOException | RuntimeException e) {
            throw new PluginFileException("The object s3://" + at.bucket() + "/" + at.fileKey() + " could not be read: " + e, e);
        }
    }

    /**
     * Lays the plugin out under {@code pluginPath}: its file as read at creation (read from S3 again at the recorded
     * version if this machine does not have it, and refused if it is not the same file any more).
     */
    public void install(StoredPlugin p, Path pluginPath) {
        Path file = file(p);
        if (!Files.exists(file)) {
            Read read = fetch(p);
            if (p.fileMd5() != null && !p.fileMd5().equals(read.md5())) {
                throw new PluginFileException("The object of custom plugin " + p.name() + " changed in S3 since the plugin"
                        + " was created (MD5 " + read.md5() + ", not " + p.fileMd5() + ")", null);
            }
        }
        Path dir = pluginPath.resolve(id(p));
        try {
            Files.createDirectories(dir);
            if ("ZIP".equals(p.contentType())) {
                unzip(file, dir);
            } else {
                Files.copy(file, dir.resolve(fileName(p)), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new PluginFileException("The custom plugin " + p.name() + " could not be unpacked: " + e.getMessage(), e);
        }
    }

    /** Removes the plugin's kept file. */
    public void remove(StoredPlugin p) {
        try {
            Files.deleteIfExists(file(p));
            Files.deleteIfExists(file(p).getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unpacks a ZIP into {@code dir}, refusing entries that would land outside it. */
    private static void unzip(Path zip, Path dir) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                Path to = dir.resolve(e.getName()).normalize();
                if (!to.startsWith(dir)) {
                    throw new IOException("The ZIP entry " + e.getName() + " points outside the plugin");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private Path file(StoredPlugin p) {
        return root.resolve(id(p)).resolve(fileName(p));
    }

    private static String id(StoredPlugin p) {
        return p.arn().substring(p.arn().lastIndexOf('/') + 1);
    }

    private static String fileName(StoredPlugin p) {
        String key = p.location().fileKey();
        String name = key.substring(key.lastIndexOf('/') + 1);
        return name.isEmpty() || name.startsWith(".") ? "plugin." + p.contentType().toLowerCase(java.util.Locale.ROOT) : name;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
