package dev.overcast.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkout under test: its deploy files, each module's runnable jar, and the settings each application reads,
 * found in its own sources (so a manifest naming a variable nothing reads fails, and a renamed variable too).
 */
final class Repository {

    static final Path ROOT = Path.of(System.getProperty("overcast.repository.root", "..")).toAbsolutePath().normalize();

    private static final Pattern OVERCAST_NAME = Pattern.compile("\\bOVERCAST_[A-Z0-9_]*[A-Z0-9]\\b");
    private static final Pattern PORT_SETTING = Pattern.compile("\\$\\{(OVERCAST_[A-Z0-9_]+):(\\d+)}");

    private static final Map<String, Set<String>> SETTINGS_READ = new java.util.concurrent.ConcurrentHashMap<>();

    private Repository() {
    }

    static Path file(String relative) {
        return ROOT.resolve(relative);
    }

    /** The module's {@code -exec} jar, as the Dockerfile copies it into the image. */
    static Path execJar(String module) {
        try (Stream<Path> files = Files.list(ROOT.resolve(module).resolve("target"))) {
            return files.filter(p -> p.getFileName().toString().matches(Pattern.quote(module) + "-.*-exec\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no exec jar of " + module + ": build it first"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The variable and default of the module's own port, from its {@code server.port=${OVERCAST_X_PORT:n}}. */
    static Map.Entry<String, Integer> portSetting(String module) {
        String serverPort = defaults(module).getProperty("server.port");
        Matcher m = PORT_SETTING.matcher(serverPort == null ? "" : serverPort);
        if (!m.matches()) {
            throw new IllegalStateException(module + " has no server.port=${OVERCAST_..._PORT:n}: " + serverPort);
        }
        return Map.entry(m.group(1), Integer.parseInt(m.group(2)));
    }

    /** The module's defaults ({@code overcast-*.properties} of the module and, for services, common's). */
    static Properties defaults(String module) {
        Properties properties = new Properties();
        for (Path dir : new Path[] {ROOT.resolve("common/src/main/resources"), ROOT.resolve(module).resolve("src/main/resources")}) {
            if (module.equals("gateway") && dir.startsWith(ROOT.resolve("common"))) {
                continue; // overcast-service.properties is the services' (ServiceDefaults), not the gateway's
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.filter(f -> f.getFileName().toString().matches("overcast-.*\\.properties")).toList()) {
                    try (var in = Files.newBufferedReader(p)) {
                        properties.load(in);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return properties;
    }

    /**
     * The environment variables the module's application reads: every {@code OVERCAST_*} name in its sources and
     * common's (Java, properties), in the image's entry point ({@code docker/run.sh}), and each of its default
     * properties in the form Spring's relaxed binding takes from the environment
     * ({@code overcast.gateway.s3-base-domains} from {@code OVERCAST_GATEWAY_S3BASEDOMAINS}).
     */
    static Set<String> settingsRead(String module) {
        return SETTINGS_READ.computeIfAbsent(module, Repository::scanSettingsRead);
    }

    private static Set<String> scanSettingsRead(String module) {
        Set<String> names = new TreeSet<>();
        for (Path dir : new Path[] {ROOT.resolve("common/src/main"), ROOT.resolve(module).resolve("src/main"), ROOT.resolve("docker")}) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.filter(Files::isRegularFile).toList()) {
                    Matcher m = OVERCAST_NAME.matcher(Files.readString(p));
                    while (m.find()) {
                        names.add(m.group());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (String key : defaults(module).stringPropertyNames()) {
            if (key.startsWith("overcast.")) {
                names.add(key.replace("-", "").replace('.', '_').toUpperCase(java.util.Locale.ROOT));
            }
        }
        return names;
    }
}
