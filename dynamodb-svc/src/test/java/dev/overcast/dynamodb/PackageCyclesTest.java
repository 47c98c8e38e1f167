package dev.overcast.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The service's packages form layers: no package reaches back, through any chain of imports, to itself. */
class PackageCyclesTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/overcast/dynamodb");
    private static final Pattern USE = Pattern.compile("dev\\.overcast\\.dynamodb\\.([a-z]+)\\.[A-Z]");

    @Test
    void noPackageImportsItselfBack() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                String from = SOURCES.relativize(f.getParent()).toString();
                Matcher m = USE.matcher(read(f));
                while (m.find()) {
                    if (!from.isEmpty() && !m.group(1).equals(from)) {
                        uses.computeIfAbsent(from, k -> new TreeSet<>()).add(m.group(1));
                    }
                }
            });
        }
        assertThat(uses).containsKeys("item", "table", "expression", "index", "query");
        List<String> cycles = new ArrayList<>();
        for (String start : uses.keySet()) {
            if (reaches(uses, start, start, new HashSet<>())) {
                cycles.add(start);
            }
        }
        assertThat(cycles).as("packages in an import cycle; imports: %s", uses).isEmpty();
    }

    private static boolean reaches(Map<String, Set<String>> uses, String from, String target, Set<String> seen) {
        for (String next : uses.getOrDefault(from, Set.of())) {
            if (next.equals(target) || (seen.add(next) && reaches(uses, next, target, seen))) {
                return true;
            }
        }
        return false;
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
