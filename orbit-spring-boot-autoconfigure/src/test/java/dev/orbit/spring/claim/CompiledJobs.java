package dev.orbit.spring.claim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.springframework.util.FileSystemUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Job classes compiled while the test runs, with or without {@code -parameters} (the build compiles everything
 * else with it), to see what {@code @Claimed} does when parameter names are missing.
 */
public final class CompiledJobs implements AutoCloseable {

    /** Package of the compiled classes. */
    public static final String PACKAGE = "dev.orbit.spring.claim.compiled";

    private static final String JOBS = """
            package %s;

            import dev.orbit.spring.claim.Claimed;

            public class ByName {

                @Claimed("rebuild-#{#region}")
                public String rebuild(String region, Runnable inside) {
                    inside.run();
                    return region;
                }

            }
            """;

    private static final String BY_POSITION = """
            package %s;

            import dev.orbit.spring.claim.Claimed;

            public class ByPosition {

                @Claimed("rebuild-#{#p0}-#{#a1}")
                public String rebuild(String region, int shard, Runnable inside) {
                    inside.run();
                    return region + shard;
                }

            }
            """;

    private final Path directory;

    private final URLClassLoader classLoader;

    private CompiledJobs(Path directory, Path classes) throws MalformedURLException {
        this.directory = directory;
        this.classLoader = new URLClassLoader(new URL[] { classes.toUri().toURL() },
                CompiledJobs.class.getClassLoader());
    }

    /**
     * @param parameters whether to compile with {@code -parameters}.
     * @return the compiled classes.
     */
    public static CompiledJobs compile(boolean parameters) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("no Java compiler in this runtime: run the tests on a JDK");
        }
        try {
            Path directory = Files.createTempDirectory("orbit-compiled-jobs-");
            Path sources = Files.createDirectories(directory.resolve("src"));
            Path classes = Files.createDirectories(directory.resolve("classes"));
            List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-classpath",
                    System.getProperty("java.class.path"), "--release", "17", "-proc:none"));
            if (parameters) {
                arguments.add("-parameters");
            }
            arguments.add(write(sources, "ByName", JOBS));
            arguments.add(write(sources, "ByPosition", BY_POSITION));
            int status = compiler.run(null, null, null, arguments.toArray(String[]::new));
            if (status != 0) {
                throw new IllegalStateException("compiling the test jobs failed: status=" + status);
            }
            return new CompiledJobs(directory, classes);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String write(Path sources, String name, String template) throws IOException {
        Path source = sources.resolve(name + ".java");
        try (Writer writer = Files.newBufferedWriter(source, StandardCharsets.UTF_8)) {
            writer.write(template.formatted(PACKAGE));
        }
        return source.toString();
    }

    /**
     * @return the class loader of the compiled classes (its parent is the test class path's).
     */
    public ClassLoader classLoader() {
        return this.classLoader;
    }

    /**
     * @param simpleName {@code ByName} or {@code ByPosition}.
     * @return the class.
     */
    public Class<?> type(String simpleName) {
        try {
            return this.classLoader.loadClass(PACKAGE + "." + simpleName);
        }
        catch (ClassNotFoundException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * @param simpleName {@code ByName} or {@code ByPosition}.
     * @return its {@code rebuild} method.
     */
    public Method rebuild(String simpleName) {
        Class<?> type = type(simpleName);
        for (Method method : type.getDeclaredMethods()) {
            if (method.getName().equals("rebuild")) {
                return method;
            }
        }
        throw new IllegalStateException("no rebuild method in " + type);
    }

    /**
     * @param simpleName {@code ByName} or {@code ByPosition}.
     * @return a new instance.
     */
    public Object instance(String simpleName) {
        try {
            return ReflectionUtils.accessibleConstructor(type(simpleName)).newInstance();
        }
        catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close() {
        try {
            this.classLoader.close();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        finally {
            FileSystemUtils.deleteRecursively(this.directory.toFile());
        }
    }

}
