package dev.overcast.glue.crawler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * How the objects under an S3 target become tables and partitions. Files directly under the include path, or under
 * Hive-style folders ({@code year=2024/}) directly below it, make one table named after the include path's last folder;
 * otherwise each folder directly below the include path is a table of its own. The folders between a table's root and
 * its files are its partitions: {@code key=value} folders name their key, other folders are {@code partition_0},
 * {@code partition_1}, ….
 */
final class S3Layout {

    /** One object of a table: its key, size and partition values (in folder order). */
    record DataFile(String key, long size, List<String> partitionValues, String folder) {
    }

    /** A table found under the target: its name, root location, partition keys and files. */
    record TableFiles(String name, String location, List<String> partitionKeys, List<DataFile> files) {
    }

    private S3Layout() {
    }

    static List<TableFiles> tables(String bucket, String prefix, List<S3Object> objects, List<String> exclusions) {
        String root = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        List<Pattern> excluded = exclusions.stream().map(S3Layout::glob).toList();
        boolean rootIsTable = false;
        List<S3Object> kept = new ArrayList<>();
        for (S3Object o : objects) {
            String rel = o.key().substring(Math.min(root.length(), o.key().length()));
            String file = rel.substring(rel.lastIndexOf('/') + 1);
            if (o.key().endsWith("/") || file.startsWith("_") || file.startsWith(".") || o.size() == 0
                    || excluded.stream().anyMatch(p -> p.matcher(rel).matches())) {
                continue;
            }
            kept.add(o);
            int slash = rel.indexOf('/');
            if (slash < 0 || rel.substring(0, slash).contains("=")) {
                rootIsTable = true;
            }
        }
        Map<String, List<S3Object>> byTable = new LinkedHashMap<>();
        for (S3Object o : kept) {
            String rel = o.key().substring(root.length());
            String tableRoot = rootIsTable ? "" : rel.substring(0, rel.indexOf('/') + 1);
            byTable.computeIfAbsent(tableRoot, k -> new ArrayList<>()).add(o);
        }
        List<TableFiles> tables = new ArrayList<>();
        byTable.forEach((tableRoot, files) -> {
            String location = root + tableRoot;
            String name = tableRoot.isEmpty() ? lastFolder(bucket, root) : tableRoot.substring(0, tableRoot.length() - 1);
            tables.add(table(bucket, name, location, files));
        });
        return tables;
    }

    private static TableFiles table(String bucket, String name, String location, List<S3Object> objects) {
        int depth = Integer.MAX_VALUE;
        for (S3Object o : objects) {
            depth = Math.min(depth, folders(o.key().substring(location.length())).size());
        }
        List<String> keys = new ArrayList<>();
        List<DataFile> files = new ArrayList<>();
        for (S3Object o : objects) {
            List<String> folders = folders(o.key().substring(location.length())).subList(0, depth);
            List<String> values = new ArrayList<>();
            for (int i = 0; i < folders.size(); i++) {
                String f = folders.get(i);
                int eq = f.indexOf('=');
                String key = eq > 0 ? f.substring(0, eq).toLowerCase(Locale.ROOT) : "partition_" + i;
                if (keys.size() <= i) {
                    keys.add(key);
                }
                values.add(eq > 0 ? f.substring(eq + 1) : f);
            }
            String folder = "s3://" + bucket + "/" + location + String.join("/", folders) + (folders.isEmpty() ? "" : "/");
            files.add(new DataFile(o.key(), o.size(), values, folder));
        }
        return new TableFiles(name, "s3://" + bucket + "/" + location, keys, files);
    }

    private static List<String> folders(String rel) {
        List<String> parts = new ArrayList<>(List.of(rel.split("/")));
        parts.remove(parts.size() - 1);
        return parts;
    }

    private static String lastFolder(String bucket, String root) {
        String trimmed = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
        return trimmed.isEmpty() ? bucket : trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    /** Glue's exclude patterns: glob syntax where {@code *} stays within a folder and {@code **} crosses folders. */
    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                re.append(".*");
                i++;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else if (c == '{') {
                re.append("(?:");
            } else if (c == '}') {
                re.append(")");
            } else if (c == ',') {
                re.append("|");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    /** A table name as Glue writes it: lower case, characters other than letters, digits and _ as _. */
    static String tableName(String prefix, String name) {
        return ((prefix == null ? "" : prefix) + name).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }
}
