package dev.vibecoder.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cgroups of one run: a memory group and a pids group, each created for the run under the hub's
 * own group and removed after it. The kernel counts what they saw (OOM kills, refused forks), which
 * is how the run's outcome is told honestly.
 */
final class RunCgroups implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunCgroups.class);
    private static final Pattern OOM_KILLS = Pattern.compile("(?m)^oom_kill (\\d+)$");
    private static final Pattern PIDS_REFUSED = Pattern.compile("(?m)^max (\\d+)$");

    /** Sandbox processes outside the command: bwrap's monitor and the namespace's init. */
    static final int SANDBOX_OWN_PROCESSES = 2;

    private final Path memory;
    private final Path pids;

    private RunCgroups(Path memory, Path pids) {
        this.memory = memory;
        this.pids = pids;
    }

    /** Creates the run's groups with its limits; removes what it made if any step fails. */
    static RunCgroups create(String name, Optional<CgroupHierarchy> memoryHierarchy,
            Optional<CgroupHierarchy> pidsHierarchy, SandboxLimits limits) throws IOException {
        RunCgroups groups = new RunCgroups(
                memoryHierarchy.map(h -> h.dir().resolve(name)).orElse(null),
                pidsHierarchy.map(h -> h.dir().resolve(name)).orElse(null));
        try {
            if (groups.memory != null) {
                Files.createDirectory(groups.memory);
                Files.writeString(groups.memory.resolve("memory.limit_in_bytes"), Long.toString(limits.memoryBytes()));
                Path withSwap = groups.memory.resolve("memory.memsw.limit_in_bytes");
                if (Files.exists(withSwap)) {
                    // no swapping past the limit either (the file exists only with swap accounting on)
                    Files.writeString(withSwap, Long.toString(limits.memoryBytes()));
                }
            }
            if (groups.pids != null) {
                Files.createDirectory(groups.pids);
                Files.writeString(groups.pids.resolve("pids.max"),
                        Integer.toString(limits.maxProcesses() + SANDBOX_OWN_PROCESSES));
            }
            return groups;
        } catch (IOException | RuntimeException e) {
            groups.close();
            throw e;
        }
    }

    /** The files a process writes its pid to, to join the run's groups (children follow it). */
    List<Path> procsFiles() {
        List<Path> files = new ArrayList<>();
        if (memory != null) {
            files.add(memory.resolve("cgroup.procs"));
        }
        if (pids != null) {
            files.add(pids.resolve("cgroup.procs"));
        }
        return files;
    }

    boolean outOfMemoryKilled() {
        return memory != null && count(memory.resolve("memory.oom_control"), OOM_KILLS) > 0;
    }

    boolean processLimitHit() {
        return pids != null && count(pids.resolve("pids.events"), PIDS_REFUSED) > 0;
    }

    /** Whether any process is still in the run's groups. */
    boolean occupied() {
        for (Path group : groups()) {
            if (!members(group).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Kills whatever is still in the groups and removes them. */
    @Override
    public void close() {
        for (Path group : groups()) {
            remove(group);
        }
    }

    private List<Path> groups() {
        List<Path> groups = new ArrayList<>(2);
        if (memory != null) {
            groups.add(memory);
        }
        if (pids != null) {
            groups.add(pids);
        }
        return groups;
    }

    private static void remove(Path group) {
        for (int attempt = 0; attempt < 100; attempt++) {
            List<Long> members = members(group);
            members.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            try {
                Files.deleteIfExists(group);
                return;
            } catch (IOException busy) {
                // members still exiting, or the kernel not done with the group yet
                sleep(20);
            }
        }
        LOG.warn("sandbox: could not remove cgroup {}; still in it: {}", group, members(group));
    }

    private static List<Long> members(Path group) {
        try {
            return Files.readAllLines(group.resolve("cgroup.procs")).stream()
                    .filter(s -> !s.isBlank()).map(Long::parseLong).toList();
        } catch (IOException gone) {
            return List.of();
        }
    }

    private static long count(Path file, Pattern counter) {
        try {
            Matcher m = counter.matcher(Files.readString(file));
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
