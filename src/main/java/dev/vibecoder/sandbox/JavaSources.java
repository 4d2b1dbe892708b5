package dev.vibecoder.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which files of a Java project are compiled, and what is on its class path besides the classes.
 * The layout rule:
 * <ul>
 * <li>A project with {@code src/main/java} or {@code src/test/java} has the Maven (and Gradle)
 *     layout: the {@code .java} files under those two are compiled together, and
 *     {@code src/main/resources} and {@code src/test/resources} are on the class path.</li>
 * <li>Any other project: every {@code .java} file in the tree is compiled, except under hidden
 *     directories and build output ({@code target}, {@code build}, {@code out}).</li>
 * </ul>
 * Tests are whatever the JUnit Platform finds among the compiled classes. The class path holds the
 * JDK and the JUnit console launcher (JUnit Jupiter and its assertions) only: the sandbox has no
 * network to fetch a build's dependencies.
 *
 * @param sources   paths relative to the project root, sorted
 * @param resources resource directories relative to the project root
 */
record JavaSources(List<String> sources, List<String> resources) {

    private static final List<String> SKIPPED_DIRECTORIES = List.of("target", "build", "out");

    static JavaSources of(Path root) {
        List<Path> sourceRoots = Stream.of("src/main/java", "src/test/java").map(root::resolve)
                .filter(Files::isDirectory).toList();
        boolean maven = !sourceRoots.isEmpty();
        List<String> sources = new ArrayList<>();
        for (Path dir : maven ? sourceRoots : List.of(root)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(f -> f.getFileName().toString().endsWith(".java") && Files.isRegularFile(f))
                        .map(root::relativize)
                        .filter(f -> maven || !skipped(f))
                        .map(Path::toString).forEach(sources::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<String> resources = maven ? Stream.of("src/main/resources", "src/test/resources")
                .filter(r -> Files.isDirectory(root.resolve(r))).toList() : List.of();
        return new JavaSources(sources.stream().sorted().toList(), resources);
    }

    private static boolean skipped(Path relative) {
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            String name = relative.getName(i).toString();
            if (name.startsWith(".") || SKIPPED_DIRECTORIES.contains(name)) {
                return true;
            }
        }
        return false;
    }
}
