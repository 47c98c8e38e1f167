package dev.overcast.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code docker-compose.yml} as {@code docker compose config} sees it: YAML with anchors and merge keys resolved,
 * then every {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR-default}} and {@code $$} interpolated from a given
 * environment (empty: the defaults a user gets with nothing set).
 */
final class ComposeFile {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private final Map<String, Object> model;

    private ComposeFile(Map<String, Object> model) {
        this.model = model;
    }

    static ComposeFile load(Path file, Map<String, String> environment) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try (Reader in = Files.newBufferedReader(file)) {
            Map<String, Object> raw = new Yaml(new SafeConstructor(options)).load(in);
            return new ComposeFile(cast(interpolate(raw, environment)));
        }
    }

    /** The whole file as a tree of maps, lists and scalars. */
    Map<String, Object> model() {
        return model;
    }

    Map<String, Object> services() {
        return cast(model.get("services"));
    }

    Map<String, Object> service(String name) {
        Map<String, Object> service = cast(services().get(name));
        if (service == null) {
            throw new IllegalArgumentException("no service " + name + " in docker-compose.yml");
        }
        return service;
    }

    /** A service's environment, each value a string as the container sees it. */
    Map<String, String> environment(String name) {
        Object env = service(name).get("environment");
        Map<String, String> result = new LinkedHashMap<>();
        if (env instanceof Map<?, ?> map) {
            map.forEach((k, v) -> result.put(k.toString(), v == null ? "" : v.toString()));
        } else if (env instanceof List<?> list) {
            for (Object entry : list) {
                String s = entry.toString();
                int eq = s.indexOf('=');
                result.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            }
        }
        return result;
    }

    /** A service's build arguments (empty for an image that is pulled). */
    Map<String, String> buildArgs(String name) {
        Map<String, Object> build = cast(service(name).get("build"));
        Map<String, String> result = new LinkedHashMap<>();
        if (build != null && build.get("args") instanceof Map<?, ?> args) {
            args.forEach((k, v) -> result.put(k.toString(), v.toString()));
        }
        return result;
    }

    /** The command of a service's healthcheck ({@code test}), as a list. */
    List<String> healthcheck(String name) {
        Map<String, Object> healthcheck = cast(service(name).get("healthcheck"));
        Object test = healthcheck == null ? null : healthcheck.get("test");
        if (test instanceof List<?> list) {
            return list.stream().map(Object::toString).toList();
        }
        return test == null ? List.of() : List.of("CMD-SHELL", test.toString());
    }

    private static Object interpolate(Object node, Map<String, String> environment) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> result = new LinkedHashMap<>();
            map.forEach((k, v) -> result.put(k.toString(), interpolate(v, environment)));
            return result;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(v -> interpolate(v, environment)).toList();
        }
        if (node instanceof String s) {
            return interpolate(s, environment);
        }
        return node;
    }

    static String interpolate(String value, Map<String, String> environment) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else {
                String name = m.group(1) != null ? m.group(1) : m.group(4);
                String set = environment.get(name);
                String operator = m.group(2);
                if (operator == null) {
                    replacement = set == null ? "" : set;
                } else if (operator.equals(":-")) {
                    replacement = set == null || set.isEmpty() ? m.group(3) : set;
                } else {
                    replacement = set == null ? m.group(3) : set;
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    static <T> T cast(Object o) {
        return (T) o;
    }
}
