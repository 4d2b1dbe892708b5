#!/usr/bin/env python3
"""Builds the labelled failure set of the memory benchmarks from real toolchain runs.

Each snippet of `catalog.py`, instantiated once per domain, is run through the real toolchain on
this machine (python3, javac, java, node, mvn) and its failure output is kept, trimmed to what a
test report would quote:

- python3: the last traceback with its last two frames and the exception text; a SyntaxError as
  printed; for unittest the FAIL block (header, traceback, assertion message) without the timing.
- javac: the file's diagnostics (error line, source line, caret, symbol/location), no error count.
- java: the `Exception in thread "main"` line and the frames down to the snippet's own code.
- node: the source location, the error and the snippet's own frames; node:internal frames and the
  `Node.js vX` footer are dropped.
- mvn: the module's [ERROR] lines (compiler errors, unresolved artifacts, surefire's failed test)
  and its `Failed to execute goal` line, without Maven's generic help lines and timings.

Paths of the scratch directory and of Python's standard library are removed, so the content does
not depend on where it ran. The result is cached in .services/bench/failures.json and rebuilt only
when it is missing or when the snippets, this script or a toolchain version changed.

Usage: generate.py [--force] [--out FILE]
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(HERE))
import catalog  # noqa: E402

JAVA_HOME = os.environ.get("JAVA_HOME")
JAVAC = str(Path(JAVA_HOME, "bin", "javac")) if JAVA_HOME else "javac"
JAVA = str(Path(JAVA_HOME, "bin", "java")) if JAVA_HOME else "java"
# the versions the generated Maven reactor builds with; all of them are in the local repository
# because the hub's own build uses them (Spring Boot 3.5's plugin management)
MAVEN_PLUGINS = {"maven-resources-plugin": "3.3.1", "maven-compiler-plugin": "3.14.1",
                 "maven-surefire-plugin": "3.5.4"}


def log(message):
    print(f"[failures] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- instantiating the catalog

def camel(snake):
    head, *rest = snake.split("_")
    return head + "".join(part.capitalize() for part in rest)


def pascal(snake):
    c = camel(snake)
    return c[0].upper() + c[1:]


def typo(word):
    """A misspelling: the middle letter dropped."""
    i = len(word) // 2
    return word[:i] + word[i + 1:]


def placeholders(domain):
    p = {k: str(v) for k, v in domain.items()}
    p.update(Mod=domain["mod"].capitalize(), MOD=domain["mod"].upper(), pkg="com.acme." + domain["mod"],
             fnCamel=camel(domain["fn"]), Field=pascal(domain["field"]), Attr=pascal(domain["attr"]),
             Key=pascal(domain["key"]), n2=str(domain["n"] + 2),
             varTypo=typo(domain["var"]), varsTypo=typo(domain["vars"]), fieldTypo=typo(domain["field"]))
    return p


def fill(text, values):
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], text)


@dataclass
class Instance:
    id: str
    category: catalog.Category
    file: str
    code: str
    pom: str
    pkg: str
    mod: str
    text: str = ""

    @property
    def dir(self):
        return WORK / self.id


def instances():
    """Every category once per domain, its templates taken in turn."""
    result = []
    for category in catalog.CATEGORIES:
        for i, domain in enumerate(catalog.DOMAINS):
            snippet = category.snippets[i % len(category.snippets)]
            values = placeholders(domain)
            result.append(Instance(f"{category.name}-{i:02d}", category, fill(snippet.file, values),
                                   fill(snippet.code, values).lstrip("\n"), fill(snippet.pom, values),
                                   values["pkg"], domain["mod"]))
    return result


# ---------------------------------------------------------------- trimming

STDLIB = sysconfig.get_paths()["stdlib"].rstrip("/") + "/"


def sanitize(text, *dirs):
    """Removes scratch and library paths, trailing blanks and repeated blank lines."""
    for d in sorted({str(x) for x in dirs}, key=len, reverse=True):
        text = text.replace("file://" + d + "/", "").replace(d + "/", "").replace(d, ".")
    text = text.replace(STDLIB, "")
    lines = [line.rstrip() for line in text.splitlines()]
    out = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n")


def trim_traceback(lines, own_file):
    """The last traceback: its last two frames, the innermost frame of the snippet's own file when
    those two are in library code (json, pathlib, os), and the exception text."""
    starts = [i for i, line in enumerate(lines) if line.startswith("Traceback (most recent call last):")]
    if not starts:
        return lines  # a SyntaxError: location, source line, caret, message
    lines = lines[starts[-1]:]
    frames = [i for i, line in enumerate(lines) if line.startswith('  File "')]

    def frame(i):
        # a frame goes on with its source and caret lines and "[Previous line repeated N more times]"
        end = i + 1
        while end < len(lines) and (lines[end].startswith("    ") or lines[end].startswith("  [")):
            end += 1
        return lines[i:end]

    def own(i):
        return f'/{own_file}"' in lines[i]

    kept = frames[-2:]
    if not any(own(i) for i in kept):
        kept = [i for i in frames if own(i)][-1:] + kept
    end_of_frames = frames[-1] + len(frame(frames[-1]))
    return [lines[0]] + [line for i in kept for line in frame(i)] + lines[end_of_frames:]


def trim_python(stderr, own_file):
    lines = stderr.rstrip("\n").splitlines()
    header = next((i for i, line in enumerate(lines) if line.startswith(("FAIL: ", "ERROR: "))), None)
    if header is None:
        return "\n".join(trim_traceback(lines, own_file))
    # unittest: "FAIL: test (...)", a rule, the traceback, then a rule before "Ran 1 test in 0.001s"
    block = lines[header + 2:]
    end = next((i for i, line in enumerate(block) if re.fullmatch(r"-{20,}", line)), len(block))
    return "\n".join([lines[header]] + trim_traceback(block[:end], own_file))


def trim_java(stderr, pkg):
    lines = stderr.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Exception in thread"))
    out, own = [lines[start]], 0
    for line in lines[start + 1:]:
        if not line.startswith("\tat "):
            break
        out.append(line)
        own += f"at {pkg}." in line
        if own == 2 or len(out) == 7:
            break
    return "\n".join(out)


def trim_node(stderr):
    out = []
    lines = stderr.splitlines()
    i = 0
    if lines and lines[0].startswith("node:"):
        # the location is inside Node itself (its loader's "throw err;", assert): drop it
        while i < len(lines) and lines[i].strip():
            i += 1
    for line in lines[i:]:
        if line.startswith("Node.js v"):
            continue
        if re.match(r"\s+at .*node:internal", line):
            if line.endswith("{"):
                out.append("{")  # the error's properties follow
            continue
        out.append(line)
    return "\n".join(out)


# ---------------------------------------------------------------- running the toolchains

def run(cmd, cwd, timeout=120):
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0", NO_COLOR="1", LC_ALL="C.UTF-8")
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)


def write(instance, root=None):
    path = (root or instance.dir) / instance.file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(instance.code)
    return path


def run_python(instance):
    write(instance)
    result = run([sys.executable, instance.file], instance.dir)
    instance.text = sanitize(trim_python(result.stderr, instance.file), instance.dir)


def run_node(instance):
    write(instance)
    result = run(["node", instance.file], instance.dir)
    instance.text = sanitize(trim_node(result.stderr), instance.dir)


def javac_batch(batch, out_dir, extra):
    """Compiles a batch in one javac run (a JVM start for each file would cost minutes). Every
    snippet holds one error; the simple compile policy, carried on to the end, makes javac report
    each file's error instead of stopping after the first class whose flow analysis failed, so each
    file gets the diagnostics a compile of it alone prints."""
    fqns = [f"{i.pkg}.{Path(i.file).stem}" for i in batch]
    assert len(set(fqns)) == len(fqns), "class names must be unique within a javac batch"
    for instance in batch:
        write(instance)
    cmd = [JAVAC, "-d", str(out_dir), "-Xmaxerrs", "100000", "-XDcompilePolicy=simple",
           "-XDshould-stop.ifError=GENERATE", *extra] + [f"{i.id}/{i.file}" for i in batch]
    return run(cmd, WORK, timeout=300)


def compile_errors(batch):
    result = javac_batch(batch, WORK / "javac-classes", [])
    by_file = {f"{i.id}/{i.file}": [] for i in batch}
    current = None
    for line in result.stderr.splitlines():
        m = re.match(r"(\S+\.java):\d+: (error|warning):", line)
        if m:
            current = by_file.get(m.group(1))
        elif re.fullmatch(r"\d+ errors?|\d+ warnings?|Note: .*", line):
            current = None
            continue
        if current is not None:
            current.append(line)
    for instance in batch:
        text = "\n".join(by_file[f"{instance.id}/{instance.file}"]).replace(f"{instance.id}/", "")
        instance.text = sanitize(text, instance.dir)


def compile_runtime(batch):
    result = javac_batch(batch, WORK / "java-classes", ["-g"])  # -g: NPE messages name the locals
    if result.returncode != 0:
        raise SystemExit("the runtime-exception snippets must compile:\n" + result.stderr)


def run_java(instance):
    # fast start-up switches: they do not change what fails or how it is reported
    result = run([JAVA, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", str(WORK / "java-classes"),
                  f"{instance.pkg}.{Path(instance.file).stem}"], WORK)
    instance.text = sanitize(trim_java(result.stderr, instance.pkg), instance.dir)


# Maven's generic advice, the same for every failure
MAVEN_HELP = re.compile(r"\[ERROR\] (-> \[Help \d+\]|To see the full stack trace|Re-run Maven|For more information|"
                        r"\[Help \d+\]|After correcting the problems|  mvn <args> -rf)")


def module_name(instance):
    suffix = {"mvn_compilation_failure": "core", "mvn_offline_dependency": "api", "mvn_test_failure": "service"}
    return f"{instance.mod}-{suffix[instance.category.name]}"


def run_maven(batch):
    """One offline reactor with a module per snippet, built once with --fail-at-end."""
    root = WORK / "maven"
    plugins = "".join(f"""
        <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>{a}</artifactId><version>{v}</version></plugin>"""
                      for a, v in MAVEN_PLUGINS.items())
    modules = "".join(f"\n    <module>{module_name(i)}</module>" for i in batch)
    (root).mkdir(parents=True, exist_ok=True)
    (root / "pom.xml").write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.acme</groupId>
  <artifactId>acme-platform</artifactId>
  <version>1.0.0</version>
  <packaging>pom</packaging>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <modules>{modules}
  </modules>
  <build>
    <pluginManagement>
      <plugins>{plugins}
      </plugins>
    </pluginManagement>
  </build>
</project>
""")
    for instance in batch:
        module = root / module_name(instance)
        write(instance, module)
        (module / "pom.xml").write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>com.acme</groupId>
    <artifactId>acme-platform</artifactId>
    <version>1.0.0</version>
  </parent>
  <artifactId>{module_name(instance)}</artifactId>
{instance.pom}
</project>
""")
    result = run(["mvn", "-o", "-B", "-Dstyle.color=never", "--fail-at-end", "test"], root, timeout=600)
    output = (result.stdout + result.stderr).splitlines()
    (WORK / "maven.log").write_text("\n".join(output))
    # a section per module, opened by "[INFO] Building <artifactId> 1.0.0"
    sections, current = {}, None
    summary = next(i for i, line in enumerate(output) if line.startswith("[INFO] Reactor Summary"))
    for line in output[:summary]:
        m = re.match(r"\[INFO\] Building (\S+) 1\.0\.0", line)
        if m:
            current = sections.setdefault(m.group(1), [])
        elif current is not None:
            current.append(line)
    # after the summary, one block per failed module, in reactor order, opened by "Failed to
    # execute goal ... on project X" or, for a plugin that cannot be resolved, "Plugin ... could
    # not be resolved" (which names no project)
    failed = [m.group(1) for line in output[summary:] if (m := re.match(r"\[INFO\] (\S+) \.+ FAILURE", line))]
    heads = [line for line in output[summary:]
             if re.match(r"\[ERROR\] (Failed to execute goal|Plugin \S+ or one of its dependencies could not be resolved)", line)]
    assert len(failed) == len(heads), f"{len(failed)} failed modules, {len(heads)} failures reported"
    goals = {}
    for name, head in zip(failed, heads):
        m = re.search(r" on project ([\w.-]+):", head)
        assert m is None or m.group(1) == name, f"failure of {m.group(1)} reported in the place of {name}"
        goals[name] = re.sub(r"\s*-> \[Help \d+\]$", "", head)
    for instance in batch:
        name = module_name(instance)
        kept = []
        for line in sections.get(name, []):
            if line.startswith(("[ERROR]", "[WARNING]")) and not MAVEN_HELP.match(line) and line.split("]", 1)[1].strip():
                kept.append(line)
            elif line.startswith("\tat com.acme."):
                kept.append(line)  # the test's own frame
            elif kept and line.strip() and not line.startswith(("[", "\tat ")):
                kept.append(line)  # continuation of an [ERROR] line (symbol/location, exception)
        if name in goals:
            kept.append(goals[name])
        text = re.sub(r"Time elapsed: [\d.]+ s", "Time elapsed: _ s", "\n".join(kept))
        instance.text = sanitize(text, root / name, root)


# ---------------------------------------------------------------- main

def version(cmd):
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        return (result.stdout + result.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired) as e:
        return f"unavailable: {e}"


def toolchains():
    return {"python3": sys.version.split()[0], "node": version(["node", "--version"]),
            "javac": version([JAVAC, "-version"]), "java": version([JAVA, "-version"]),
            "mvn": re.sub(r"\x1b\[[0-9;]*m", "", version(["mvn", "-v"]))}


def cache_key(tools):
    digest = hashlib.sha256()
    for path in (HERE / "catalog.py", HERE / "generate.py"):
        digest.update(path.read_bytes())
    digest.update(json.dumps(tools, sort_keys=True).encode())
    return digest.hexdigest()


WORK = ROOT / ".services" / "bench" / "failures-work"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(ROOT / ".services" / "bench" / "failures.json"))
    parser.add_argument("--force", action="store_true", help="regenerate even if the cache is current")
    args = parser.parse_args()
    out = Path(args.out)
    tools = toolchains()
    key = cache_key(tools)
    if not args.force and out.exists():
        try:
            if json.loads(out.read_text()).get("key") == key:
                log(f"{out.relative_to(ROOT) if out.is_relative_to(ROOT) else out} is current")
                return
        except ValueError:
            pass

    started = time.monotonic()
    items = instances()
    by_tool = {}
    for instance in items:
        by_tool.setdefault(instance.category.toolchain, []).append(instance)
    log(f"running {len(items)} broken snippets through {', '.join(sorted(by_tool))}")
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)

    workers = (os.cpu_count() or 2) + 1  # one of them mostly waits for Maven
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        jobs = [pool.submit(run_maven, by_tool.get("mvn", [])),  # the longest: first
                pool.submit(compile_errors, by_tool.get("javac", []))]
        runtime = pool.submit(compile_runtime, by_tool.get("java", []))
        jobs += [pool.submit(run_python, i) for i in by_tool.get("python", [])]
        jobs += [pool.submit(run_node, i) for i in by_tool.get("node", [])]
        runtime.result()
        jobs += [pool.submit(run_java, i) for i in by_tool.get("java", [])]
        for job in jobs:
            job.result()

    # every captured text, for a look when something did not fail as expected
    (WORK / "messages.txt").write_text("".join(f"===== {i.id} {i.file}\n{i.text}\n" for i in items))
    wrong = [i for i in items if not i.text or not re.search(i.category.expect, i.text)]
    for i in wrong:
        log(f"{i.id} ({i.file}) did not fail as {i.category.name} expects:\n{i.text or '(no output)'}\n")
    if wrong:
        raise SystemExit(f"{len(wrong)} snippets did not fail as expected; see above (scratch: {WORK})")

    counts = {}
    for i in items:
        counts[i.category.name] = counts.get(i.category.name, 0) + 1
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "key": key,
        "toolchains": tools,
        "categories": counts,
        "messages": [{"id": i.id, "category": i.category.name, "toolchain": i.category.toolchain,
                      "file": i.file, "text": i.text} for i in items],
    }, indent=1) + "\n")
    shutil.rmtree(WORK, ignore_errors=True)
    log(f"{len(items)} messages in {len(counts)} categories written to {out} in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
