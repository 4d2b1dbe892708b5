package dev.vibecoder.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CgroupHierarchyTest {

    private static final List<String> MOUNTS = List.of(
            "35 25 0:30 / /sys/fs/cgroup/memory rw,relatime shared:12 - cgroup cgroup rw,memory",
            "36 25 0:31 /docker/abc /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids",
            "37 25 0:32 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw");

    @Test
    void theHubsOwnGroupUnderTheHierarchysMountPoint() {
        List<String> own = List.of("8:pids:/docker/abc/service", "4:memory:/process_api/2be9", "0::/");
        assertThat(CgroupHierarchy.ownGroup("memory", own, MOUNTS))
                .contains(Path.of("/sys/fs/cgroup/memory/process_api/2be9"));
        assertThat(CgroupHierarchy.ownGroup("pids", own, MOUNTS))
                .as("a mount whose root is the container's group").contains(Path.of("/sys/fs/cgroup/pids/service"));
    }

    @Test
    void noV1HierarchyForTheControllerMeansNone() {
        assertThat(CgroupHierarchy.ownGroup("memory", List.of("0::/user.slice"), MOUNTS)).isEmpty();
        assertThat(CgroupHierarchy.ownGroup("cpu", List.of("1:cpu:/"), MOUNTS)).isEmpty();
    }
}
