package dev.vibecoder.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that starts one sandboxed run. Outside in:
 * <ol>
 * <li>a root hub only: {@code unshare --mount} gives the launch a private mount namespace, where the
 *     directories to be mounted into the sandbox are bind-mounted onto a stage the sandbox user can
 *     reach; {@code setpriv} then drops to that user, so the kernel applies the process limit (it
 *     never does for root);</li>
 * <li>{@code /bin/sh} running {@link #LAUNCHER}: joins the run's cgroups, opens bwrap's status file,
 *     stages the mounts, and execs the rest - every step an exec, so the hub's child process ends up
 *     being bwrap itself;</li>
 * <li>{@code bwrap}: new user, pid, network (loopback only), ipc, uts and cgroup namespaces; /usr and
 *     the toolchains read-only, a few files of /etc, fresh /proc and /dev, a private /tmp, the
 *     workspace read-write at {@link #WORKSPACE}, everything else absent and / read-only; a clean
 *     environment; no capabilities; no further user namespaces;</li>
 * <li>{@code prlimit} inside the sandbox: process and core limits, and the address-space limit for
 *     native programs. Set inside, they count only the sandbox's own processes.</li>
 * </ol>
 */
final class SandboxLaunch {

    static final String WORKSPACE = "/workspace";
    static final String JUNIT_LAUNCHER = "/opt/vibecoder/junit-platform-console-standalone.jar";
    /** The user the command sees itself as; on the host it is the hub's user, or the sandbox uid. */
    static final String SANDBOX_UID = "1000";

    /**
     * Arguments: status-file, cgroup.procs files..., "--", [stage-dir name source name source ...], "--",
     * the command to exec. POSIX sh, so that it runs wherever bwrap does.
     */
    static final String LAUNCHER = """
            set -eu
            exec 3>"$1"
            shift
            while [ "$1" != -- ]; do echo $$ >"$1"; shift; done
            shift
            if [ "$1" != -- ]; then
              stage=$1
              shift
              mount -t tmpfs -o mode=0755,size=64k vibecoder-sandbox "$stage"
              while [ "$1" != -- ]; do
                if [ -d "$2" ]; then mkdir "$stage/$1"; else : >"$stage/$1"; fi
                mount --bind "$2" "$stage/$1"
                shift 2
              done
            fi
            shift
            exec "$@"
            """;

    private final SandboxHost host;

    SandboxLaunch(SandboxHost host) {
        this.host = host;
    }

    /** A directory or file mounted into the sandbox. */
    private record Mount(String name, Path source, String target, boolean writable) {
    }

    List<String> argv(Path workspace, List<String> command, SandboxLimits limits, Sandbox.Program program,
            List<Path> cgroupProcs, Path statusFile) {
        List<Mount> mounts = mounts(workspace);

        List<String> argv = new ArrayList<>();
        if (host.root()) {
            argv.addAll(List.of(host.unshare().orElseThrow().toString(), "--mount", "--propagation", "private", "--"));
        }
        argv.addAll(List.of("/bin/sh", "-c", LAUNCHER, "vibecoder-sandbox", statusFile.toString()));
        cgroupProcs.forEach(p -> argv.add(p.toString()));
        argv.add("--");
        if (host.root()) {
            argv.add(host.stageDir().toString());
            for (Mount mount : mounts) {
                argv.add(mount.name());
                argv.add(mount.source().toString());
            }
        }
        argv.add("--");
        if (host.root()) {
            argv.addAll(List.of(host.setpriv().orElseThrow().toString(), "--reuid=" + host.sandboxUid(),
                    "--regid=" + host.sandboxUid(), "--clear-groups", "--no-new-privs", "--"));
        }
        argv.addAll(bwrap(mounts, limits));
        argv.addAll(limitsInside(limits, program));
        argv.addAll(command);
        return argv;
    }

    private List<Mount> mounts(Path workspace) {
        SandboxHost.Toolchains tools = host.toolchains();
        List<Mount> mounts = new ArrayList<>();
        mounts.add(new Mount("workspace", workspace, WORKSPACE, true));
        tools.pythonHome().ifPresent(home -> mounts.add(new Mount("python", home, home.toString(), false)));
        if (tools.javaHomeMount()) {
            mounts.add(new Mount("jdk", tools.javaHome(), tools.javaHome().toString(), false));
        }
        tools.junitLauncher().ifPresent(jar -> mounts.add(new Mount("junit.jar", jar, JUNIT_LAUNCHER, false)));
        return mounts;
    }

    private List<String> bwrap(List<Mount> mounts, SandboxLimits limits) {
        SandboxHost.Toolchains tools = host.toolchains();
        List<String> args = new ArrayList<>(List.of(host.bwrap().orElseThrow().toString(),
                "--unshare-all", "--unshare-user", "--disable-userns", "--uid", SANDBOX_UID, "--gid", SANDBOX_UID,
                "--hostname", "sandbox", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
                "--ro-bind", "/usr", "/usr"));
        args.addAll(host.systemMounts());
        args.addAll(List.of("--proc", "/proc", "--dev", "/dev",
                // tmpfs pages are memory: bound them by the run's memory
                "--size", Long.toString(limits.memoryBytes()), "--tmpfs", "/tmp"));
        for (Mount mount : mounts) {
            String source = host.root() ? host.stageDir().resolve(mount.name()).toString() : mount.source().toString();
            args.addAll(List.of(mount.writable() ? "--bind" : "--ro-bind", source, mount.target()));
        }
        args.addAll(List.of("--remount-ro", "/", "--chdir", WORKSPACE, "--clearenv",
                "--setenv", "PATH", tools.sandboxPath(),
                "--setenv", "HOME", WORKSPACE,
                "--setenv", "USER", "sandbox",
                "--setenv", "LOGNAME", "sandbox",
                "--setenv", "LANG", "C.UTF-8",
                "--setenv", "TMPDIR", "/tmp",
                "--setenv", "JAVA_HOME", tools.javaHome().toString(),
                // stdout and stderr in the order they were written, and no __pycache__ in the workspace
                "--setenv", "PYTHONUNBUFFERED", "1",
                "--setenv", "PYTHONDONTWRITEBYTECODE", "1",
                "--setenv", "PYTHONPYCACHEPREFIX", "/tmp/pycache",
                "--json-status-fd", "3", "--"));
        return args;
    }

    private List<String> limitsInside(SandboxLimits limits, Sandbox.Program program) {
        // +2: bwrap's init and one spare. Where a pids cgroup enforces the limit, the rlimit is a looser
        // second line: the cgroup must refuse first, since only its counter tells the run hit the limit,
        // and a fork the cgroup refuses holds its rlimit count for a moment, enough for a concurrent
        // fork to be refused by an rlimit of the same size instead (seen here with shell fork bombs)
        int processes = limits.maxProcesses() + RunCgroups.SANDBOX_OWN_PROCESSES;
        if (host.pidsCgroup().isPresent()) {
            processes *= 2;
        }
        List<String> args = new ArrayList<>(List.of("/usr/bin/prlimit", "--nproc=" + processes + ":" + processes,
                "--core=0:0"));
        if (program == Sandbox.Program.NATIVE) {
            // a JVM reserves far more address space than it uses; its heap is bounded by -Xmx instead
            args.add("--as=" + limits.memoryBytes() + ":" + limits.memoryBytes());
        }
        args.add("--");
        return args;
    }
}
