package dev.vibecoder.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What this machine offers the sandbox, found once at start-up: bubblewrap, whether the hub runs as
 * root (and so must hand runs to an unprivileged user), the system directories and /etc files every
 * sandbox sees, writable cgroups, and the toolchains that are mounted into every sandbox. Immutable;
 * {@link #problem()} names what is missing.
 */
record SandboxHost(
        Optional<Path> bwrap,
        String bwrapSetting,
        boolean root,
        int sandboxUid,
        Optional<Path> setpriv,
        Optional<Path> unshare,
        Path stageDir,
        List<String> systemMounts,
        Optional<CgroupHierarchy> memoryCgroup,
        Optional<CgroupHierarchy> pidsCgroup,
        Toolchains toolchains) {

    /** Where the hub's own tools are looked for; the environment it passes on is cleared. */
    static final String HOST_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** System directories that may be symlinks into /usr (merged /usr) or real directories. */
    private static final List<String> ROOT_DIRECTORIES = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");

    /** What programs read from /etc: the loader, names, time zone, Debian's alternatives. No secrets. */
    private static final List<String> ETC_FILES = List.of("/etc/alternatives", "/etc/ld.so.cache",
            "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime", "/etc/hosts", "/etc/nsswitch.conf",
            "/etc/passwd", "/etc/group", "/etc/ssl/certs");

    /**
     * The toolchains mounted read-only into every sandbox.
     *
     * @param python        what runs Python: an absolute path, or a name found on the sandbox's PATH
     * @param pythonHome    the Python installation to mount, when it is outside the system directories
     * @param javaHome      the JDK
     * @param javaHomeMount whether the JDK is outside the system directories and must be mounted
     * @param junitLauncher the JUnit console launcher, if configured and present
     */
    record Toolchains(String python, Optional<Path> pythonHome, Path javaHome, boolean javaHomeMount,
            Optional<Path> junitLauncher) {

        /** The sandbox's PATH: the toolchains' bin directories before the system's. */
        String sandboxPath() {
            List<String> entries = new ArrayList<>();
            pythonHome.ifPresent(home -> entries.add(home.resolve("bin").toString()));
            entries.add(javaHome.resolve("bin").toString());
            entries.addAll(List.of("/usr/local/bin", "/usr/bin", "/bin"));
            return String.join(":", entries.stream().distinct().toList());
        }

        boolean hasJavac() {
            return Files.isExecutable(javaHome.resolve("bin/javac"));
        }
    }

    static SandboxHost detect(SandboxProperties properties) {
        boolean root = currentUid() == 0;
        Path stage = Path.of("/run/vibecoder-sandbox/stage");
        return new SandboxHost(
                resolveExecutable(properties.bwrap(), System.getenv("PATH")),
                properties.bwrap(),
                root,
                root ? properties.uid() : currentUid(),
                root ? resolveExecutable("setpriv", HOST_PATH) : Optional.empty(),
                root ? resolveExecutable("unshare", HOST_PATH) : Optional.empty(),
                stage,
                findSystemMounts(),
                CgroupHierarchy.find("memory"),
                CgroupHierarchy.find("pids"),
                toolchains(properties));
    }

    /** What keeps the sandbox from working at all, or empty. */
    Optional<SandboxUnavailableException> problem() {
        if (bwrap.isEmpty()) {
            return Optional.of(new SandboxUnavailableException("bubblewrap (bwrap) not found "
                    + (bwrapSetting.contains("/") ? "at " + bwrapSetting : "on PATH")
                    + " (vibecoder.sandbox.bwrap, VIBECODER_SANDBOX_BWRAP)",
                    "apt-get install bubblewrap (scripts/services-up.sh installs it)"));
        }
        if (root && (setpriv.isEmpty() || unshare.isEmpty())) {
            return Optional.of(new SandboxUnavailableException("the hub runs as root and hands sandboxed runs "
                    + "to uid " + sandboxUid + " with setpriv and unshare, which are not on " + HOST_PATH,
                    "apt-get install util-linux"));
        }
        return Optional.empty();
    }

    /**
     * A root hub stages the directories it mounts into the sandbox here, inside a private mount
     * namespace: the sandbox user could not reach them where they are (a workspace under a 0700
     * directory, a Python under /root). Created once, owned by root, reachable by anyone.
     */
    void prepareStageDir() throws IOException {
        if (!Files.isDirectory(stageDir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(stageDir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx--x--x")));
        }
    }

    /**
     * The bubblewrap arguments that put the host's system directories (as symlinks where /usr is
     * merged) and a few /etc files into every sandbox, next to /usr.
     */
    private static List<String> findSystemMounts() {
        List<String> args = new ArrayList<>();
        for (String dir : ROOT_DIRECTORIES) {
            Path path = Path.of(dir);
            if (Files.isSymbolicLink(path)) {
                try {
                    args.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), dir));
                } catch (IOException unreadable) {
                    // leave it out: the sandbox starts without it, and says so if a program needs it
                }
            } else if (Files.isDirectory(path)) {
                args.addAll(List.of("--ro-bind", dir, dir));
            }
        }
        for (String file : etcFiles()) {
            args.addAll(List.of("--ro-bind-try", file, file));
        }
        return List.copyOf(args);
    }

    /** Debian's JDKs and Pythons keep configuration under /etc too (java-17-openjdk, python3.11). */
    private static List<String> etcFiles() {
        List<String> files = new ArrayList<>(ETC_FILES);
        try (Stream<Path> etc = Files.list(Path.of("/etc"))) {
            etc.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("java-") || name.startsWith("python3"))
                    .sorted().forEach(name -> files.add("/etc/" + name));
        } catch (IOException unreadable) {
            // the fixed list only
        }
        return files;
    }

    private static Toolchains toolchains(SandboxProperties properties) {
        String python = properties.python();
        Optional<Path> pythonHome = Optional.empty();
        if (python.contains("/")) {
            Path interpreter = realPath(Path.of(python));
            python = interpreter.toString();
            Path home = interpreter.getParent() != null ? interpreter.getParent().getParent() : null;
            if (home != null && !underSystemDirectory(home)) {
                pythonHome = Optional.of(home);
            }
        }
        Path javaHome = realPath(properties.javaHome());
        Optional<Path> launcher = Optional.ofNullable(properties.junitLauncher())
                .map(SandboxHost::realPath).filter(Files::isRegularFile);
        return new Toolchains(python, pythonHome, javaHome, !underSystemDirectory(javaHome), launcher);
    }

    /** /usr is mounted whole; anything under it is in the sandbox already. */
    static boolean underSystemDirectory(Path path) {
        return path.startsWith("/usr");
    }

    static Optional<Path> resolveExecutable(String name, String searchPath) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        if (name.contains("/")) {
            Path path = Path.of(name).toAbsolutePath();
            return Files.isRegularFile(path) && Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String path = searchPath == null || searchPath.isBlank() ? HOST_PATH : searchPath;
        return Stream.of(path.split(":")).filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, name))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException missing) {
            return path.toAbsolutePath().normalize();
        }
    }

    static int currentUid() {
        try {
            // /proc/self belongs to the process's effective user
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("the sandbox needs Linux (/proc/self): " + e.getMessage(), e);
        }
    }
}
