package dev.overcast.glue.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Job bookmarks for file sources: per transformation context, the files earlier runs processed. With
 * {@code job-bookmark-enable} a source skips them and {@code Job.commit()} records this run's files; with
 * {@code job-bookmark-pause} they are skipped but nothing is recorded; with {@code job-bookmark-disable} (the default)
 * every file is read. The state is JSON handed over by the Glue service (which keeps it: GetJobBookmark shows it) and
 * written back for it on commit.
 */
public final class Bookmarks {

    static final String ENABLE = "job-bookmark-enable";
    static final String PAUSE = "job-bookmark-pause";
    static final String DISABLE = "job-bookmark-disable";
    private static final String FILES = "files";

    private final String option;
    private final Path out;
    private final Map<String, Set<String>> done = new LinkedHashMap<>();
    private final Map<String, Set<String>> read = new LinkedHashMap<>();

    private Bookmarks(String option, Path out) {
        if (!List.of(ENABLE, PAUSE, DISABLE).contains(option)) {
            throw new IllegalArgumentException("--job-bookmark-option must be one of " + ENABLE + ", " + PAUSE + ", "
                    + DISABLE + ": " + option);
        }
        this.option = option;
        this.out = out;
    }

    @SuppressWarnings("unchecked")
    static Bookmarks load(String option, Path in, Path out) {
        Bookmarks b = new Bookmarks(option, out);
        try {
            String text = Files.exists(in) ? Files.readString(in).strip() : "";
            if (!text.isEmpty()) {
                Json.parseObject(text).forEach((ctx, state) -> {
                    if (state instanceof Map<?, ?> m && m.get(FILES) instanceof List<?> files) {
                        b.done.put(ctx, new LinkedHashSet<>((List<String>) files));
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b;
    }

    /** The files of this source still to read: all, unless bookmarks are on and a context names the source. */
    public List<String> unprocessed(String transformationContext, List<String> files) {
        if (option.equals(DISABLE) || transformationContext == null || transformationContext.isBlank()) {
            return files;
        }
        Set<String> seen = done.getOrDefault(transformationContext, Set.of());
        List<String> left = new ArrayList<>();
        for (String f : files) {
            if (!seen.contains(f)) {
                left.add(f);
            }
        }
        read.computeIfAbsent(transformationContext, k -> new LinkedHashSet<>()).addAll(left);
        return left;
    }

    /** Job.commit(): the state with this run's files, written for the service (only with job-bookmark-enable). */
    public void commit() {
        if (!option.equals(ENABLE)) {
            return;
        }
        Map<String, Object> state = new LinkedHashMap<>();
        Set<String> contexts = new LinkedHashSet<>(done.keySet());
        contexts.addAll(read.keySet());
        for (String ctx : contexts) {
            Set<String> files = new LinkedHashSet<>(done.getOrDefault(ctx, Set.of()));
            files.addAll(read.getOrDefault(ctx, Set.of()));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("jsonClass", "HadoopDataSourceJobBookmark");
            entry.put(FILES, new ArrayList<>(files));
            state.put(ctx, entry);
        }
        try {
            Files.writeString(out, Json.write(state));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
