package dev.vibecoder.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** A sandbox on this machine's real bubblewrap, and what the tests need to look at the host. */
final class SandboxTestSupport {

    private SandboxTestSupport() {
    }

    /** Short limits, so that a test that goes wrong still ends quickly. */
    static final SandboxLimits QUICK = new SandboxLimits(Duration.ofSeconds(20), 512L * 1024 * 1024, 64, 65536);

    /**
     * The settings as the hub binds them: SandboxProperties' own defaults, the JUnit launcher, and
     * these {@code name=value} settings under {@code vibecoder.sandbox}.
     */
    static SandboxProperties properties(String... settings) {
        Map<String, String> values = new HashMap<>();
        Path launcher = junitLauncher();
        if (launcher != null) {
            values.put("vibecoder.sandbox.junit-launcher", launcher.toString());
        }
        for (String setting : settings) {
            int equals = setting.indexOf('=');
            values.put("vibecoder.sandbox." + setting.substring(0, equals), setting.substring(equals + 1));
        }
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("vibecoder.sandbox", SandboxProperties.class);
    }

    /** The launcher scripts/services-up.sh fetched: from .services/env, or where that script puts it. */
    static Path junitLauncher() {
        String configured = System.getenv("VIBECODER_SANDBOX_JUNIT_LAUNCHER");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        try (Stream<Path> jars = Files.list(Path.of(".services/sandbox"))) {
            return jars.filter(p -> p.getFileName().toString().startsWith("junit-platform-console-standalone"))
                    .findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    static Path write(Path dir, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = dir.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
        }
        return dir;
    }

    /** The host's processes whose command line contains marker (the kernel's view, all users). */
    static List<Long> processesWith(String marker) {
        List<Long> found = new ArrayList<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : proc) {
                try {
                    String cmdline = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmdline.contains(marker) && Long.parseLong(process.getFileName().toString())
                            != ProcessHandle.current().pid()) {
                        found.add(Long.parseLong(process.getFileName().toString()));
                    }
                } catch (IOException exited) {
                    // gone while we looked
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    /** A command as the user sandbox runs its commands as, on the host, outside any sandbox. */
    static ProcessBuilder asUserOf(Sandbox sandbox, String... command) {
        List<String> argv = new ArrayList<>();
        if (sandbox.host().root()) {
            int uid = sandbox.host().sandboxUid();
            argv.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--"));
        }
        argv.addAll(List.of(command));
        return new ProcessBuilder(argv).redirectErrorStream(true);
    }

    /** How many of the host's processes belong to uid. */
    static long processesOfUid(int uid) throws IOException {
        long count = 0;
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : proc) {
                try {
                    if ((Integer) Files.getAttribute(process, "unix:uid") == uid) {
                        count++;
                    }
                } catch (IOException exited) {
                    // gone while we looked
                }
            }
        }
        return count;
    }
}
