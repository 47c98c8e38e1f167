package dev.overcast.flink.application;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.EnvironmentPropertyDescriptions;
import software.amazon.awssdk.services.kinesisanalyticsv2.model.PropertyGroup;

/**
 * The application's property groups as the runtime library ({@code com.amazonaws:aws-kinesisanalytics-runtime})
 * reads them: a JSON file of {@code [{"PropertyGroupId": …, "PropertyMap": {…}}]} whose location a
 * {@code config.properties} on the class path names. Each application's child JVM has both in its own folder.
 */
final class RuntimeProperties {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RuntimeProperties() {
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
