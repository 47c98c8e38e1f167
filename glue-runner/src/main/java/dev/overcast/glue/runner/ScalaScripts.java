package dev.overcast.glue.runner;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;

/**
 * Compiles a run's Scala scripts (ScriptLocation a {@code .scala} file) with the Scala compiler of Spark's Scala,
 * against this JVM's class path (Spark, our GlueContext API) and the job's jars, into a folder of classes.
 */
public final class ScalaScripts {

    /** A script that does not compile: the compiler's errors. */
    public static final class CompileError extends Exception {
        public CompileError(String message) {
            super(message);
        }
    }

    /**
     * Package objects with the companions Glue's Scala API has ({@code JsonOptions(...)}, {@code DynamicFrame(df, gc)},
     * {@code ChoiceOption(...)}) for our Java classes: Scala does not apply a Java class's static {@code apply}.
     */
    private static final List<String> PRELUDE = List.of("glue.scala", "util.scala");

    private ScalaScripts() {
    }

    /**
     * Compiles {@code sources} into a jar (of the classes compiled into {@code classes}), which the job's class
     * loader and Spark's {@code spark.jars} take as they take the job's jars; the compiler's errors when it fails.
     */
    public static Path compile(List<Path> sources, List<Path> jars, Path classes) throws IOException, CompileError {
        Files.createDirectories(classes);
        List<String> args = new ArrayList<>(List.of("-usejavacp", "-nowarn", "-d", classes.toString()));
        if (!jars.isEmpty()) {
            args.add("-classpath");
            args.add(jars.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        }
        sources.forEach(s -> args.add(s.toString()));
        for (String prelude : PRELUDE) { // Glue's Scala companions, compiled with the script
            Path file = classes.resolveSibling("prelude").resolve(prelude);
            Files.createDirectories(file.getParent());
            try (var in = ScalaScripts.class.getResourceAsStream("/overcast/glue/scala/" + prelude)) {
                Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            args.add(file.toString());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        // the compiler's reporter writes to Scala's Console: its output is kept for the run's ErrorMessage
        boolean ok = scala.Console.withErr(print, () -> scala.Console.withOut(print,
                () -> scala.tools.nsc.Main.process(args.toArray(String[]::new))));
        print.flush();
        String report = out.toString(StandardCharsets.UTF_8);
        System.err.print(report);
        if (!ok) {
            List<String> errors = report.lines().filter(l -> l.contains(" error: ") || l.startsWith("error: "))
                    .map(l -> {
                        int slash = l.lastIndexOf('/', l.indexOf(" error: ") < 0 ? 0 : l.indexOf(" error: "));
                        return slash >= 0 ? l.substring(slash + 1) : l;
                    }).toList();
            throw new CompileError(errors.isEmpty() ? report.strip().replace('\n', ' ') : String.join("; ", errors));
        }
        Path jar = classes.resolveSibling(classes.getFileName() + ".jar");
        try (JarOutputStream out2 = new JarOutputStream(Files.newOutputStream(jar)); var files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out2.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, out2);
                out2.closeEntry();
            }
        }
        return jar;
    }
}
