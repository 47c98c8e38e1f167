package dev.overcast.flink.application;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.EnvironmentPropertyDescriptions;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.PropertyGroup;

/**
 * The application's property groups as the runtime library ({@code com.amazonaws:aws-kinesisanalytics-runtime})
 * reads them: a JSON file of {@code [{"PropertyGroupId": …, "PropertyMap": {…}}]} whose location a
 * {@code config.properties} on the class path names. Each application's child JVM has both in its own folder; a job
 * submitted to a session cluster carries the {@code config.properties} in its jar instead (the runtime library's own,
 * which names {@code /etc/flink/application_properties.json}, replaced), so the cluster must see the service's folder
 * (the same host, or a volume mounted at the same path).
 */
final class RuntimeProperties {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RuntimeProperties() {
    }

    /** The application's jar with the {@code config.properties} written by {@link #write}, for a session cluster. */
    static Path packInto(Path jar, Path home) {
        Path packed = home.resolve("session-" + jar.getFileName());
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(packed))) {
            out.putNextEntry(new ZipEntry("config.properties"));
            Files.copy(home.resolve("classpath").resolve("config.properties"), out);
            out.closeEntry();
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (!e.getName().equals("config.properties")) {
                    out.putNextEntry(new ZipEntry(e.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return packed;
    }

    static void write(Path home, EnvironmentPropertyDescriptions groups) {
        ArrayNode doc = JSON.createArrayNode();
        if (groups != null) {
            for (PropertyGroup g : groups.propertyGroupDescriptions()) {
                ObjectNode group = doc.addObject().put("PropertyGroupId", g.propertyGroupId());
                ObjectNode map = group.putObject("PropertyMap");
                g.propertyMap().forEach(map::put);
            }
        }
        try {
            Path file = home.resolve("application_properties.json");
            Files.createDirectories(home.resolve("classpath"));
            Files.writeString(file, doc.toString());
            Files.writeString(home.resolve("classpath").resolve("config.properties"),
                    "application_properties_file = " + file.toAbsolutePath() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
