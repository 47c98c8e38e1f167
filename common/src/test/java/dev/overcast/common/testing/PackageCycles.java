package dev.overcast.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The packages of a service's sources that depend on each other in a circle, read from the sources' imports and
 * qualified names: a service's packages form layers (a noun's API over its store over the value model), never a
 * knot.
 */
public final class PackageCycles {

    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\b((?:[a-z]\\w*\\.)+)[A-Z]\\w*");

    private PackageCycles() {
    }

    /** Each group of packages (under {@code root}) that reach each other through their references. */
    public static List<Set<String>> find(Path sources, String root) {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                Matcher pkg = PACKAGE.matcher(text);
                if (!pkg.find()) {
                    continue;
                }
                String own = pkg.group(1);
                Set<String> used = uses.computeIfAbsent(own, p -> new TreeSet<>());
                Matcher ref = REFERENCE.matcher(text.substring(pkg.end()));
                while (ref.find()) {
                    String other = ref.group(1).substring(0, ref.group(1).length() - 1);
                    if (!other.equals(own) && (other.equals(root) || other.startsWith(root + "."))) {
                        used.add(other);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return stronglyConnected(uses);
    }

    /** Tarjan's strongly connected components of more than one package. */
    private static List<Set<String>> stronglyConnected(Map<String, Set<String>> uses) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<Set<String>> cycles = new ArrayList<>();
        for (String start : uses.keySet()) {
            if (!index.containsKey(start)) {
                visit(start, uses, index, low, stack, cycles);
            }
        }
        return cycles;
    }

    private static void visit(String v, Map<String, Set<String>> uses, Map<String, Integer> index,
                              Map<String, Integer> low, Deque<String> stack, List<Set<String>> cycles) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        for (String w : uses.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                visit(w, uses, index, low, stack, cycles);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (stack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                cycles.add(component);
            }
        }
    }
}
