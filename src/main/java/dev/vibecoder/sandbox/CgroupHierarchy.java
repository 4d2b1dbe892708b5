package dev.vibecoder.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A cgroup v1 controller hierarchy (memory or pids) in which the hub may create child groups: the
 * group the hub itself is in, so that sandboxed runs stay inside whatever limits the hub's own
 * group has. cgroup v2 is not used: it only lets a process that is not the hub delegate controllers
 * to children (the "no internal processes" rule), which needs a service manager's help. Where no
 * writable hierarchy is found, the sandbox relies on resource limits alone.
 */
record CgroupHierarchy(String controller, Path dir) {

    /** The hierarchy of {@code controller} if the hub can create and remove groups in it. */
    static Optional<CgroupHierarchy> find(String controller) {
        try {
            Optional<Path> dir = ownGroup(controller, Files.readAllLines(Path.of("/proc/self/cgroup")),
                    Files.readAllLines(Path.of("/proc/self/mountinfo")));
            if (dir.isEmpty() || !Files.isDirectory(dir.get())) {
                return Optional.empty();
            }
            // writable permission bits are not proof (read-only mounts, delegation): try it
            Path probe = dir.get().resolve("vibecoder-sandbox-probe-" + UUID.randomUUID());
            Files.createDirectory(probe);
            Files.delete(probe);
            return Optional.of(new CgroupHierarchy(controller, dir.get()));
        } catch (IOException | RuntimeException notUsable) {
            return Optional.empty();
        }
    }

    /**
     * Where the calling process's group of {@code controller} is: its path in /proc/self/cgroup
     * ({@code 4:memory:/a/b}) under the mount point of the v1 hierarchy carrying that controller,
     * minus the mount's own root (non-zero inside some containers).
     */
    static Optional<Path> ownGroup(String controller, List<String> procCgroup, List<String> mountInfo) {
        String groupPath = null;
        for (String line : procCgroup) {
            String[] fields = line.split(":", 3);
            if (fields.length == 3 && Arrays.asList(fields[1].split(",")).contains(controller)) {
                groupPath = fields[2];
            }
        }
        if (groupPath == null) {
            return Optional.empty();
        }
        for (String line : mountInfo) {
            // id parent major:minor root mount-point options [optional...] - fstype source super-options
            int separator = line.indexOf(" - ");
            if (separator < 0) {
                continue;
            }
            String[] before = line.substring(0, separator).split(" ");
            String[] after = line.substring(separator + 3).split(" ");
            if (before.length < 5 || after.length < 3 || !after[0].equals("cgroup")
                    || !Arrays.asList(after[2].split(",")).contains(controller)) {
                continue;
            }
            String root = unescape(before[3]);
            String mountPoint = unescape(before[4]);
            if (root.equals("/")) {
                return Optional.of(Path.of(mountPoint + groupPath).normalize());
            }
            if (groupPath.equals(root) || groupPath.startsWith(root + "/")) {
                return Optional.of(Path.of(mountPoint + groupPath.substring(root.length())).normalize());
            }
        }
        return Optional.empty();
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String field) {
        return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
