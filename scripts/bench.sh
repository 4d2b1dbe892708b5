#!/usr/bin/env bash
# Benchmarks (make bench): each figure one `name: value unit` line on stdout, progress on stderr.
#   BENCH=hub     only the hub figures (scripts/bench.py: the packaged hub driven through its API)
#   BENCH=memory  only the memory figures (dev.vibecoder.bench.MemoryBench, from the test classes)
# docs/benchmarks.md describes every figure and how it is measured.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH="${BENCH:-all}"

# (explicit returns: errexit does not apply inside a function called on the left of ||)
memory_bench() {
  mkdir -p .services/bench
  # the labelled failure messages, from real toolchain runs; rebuilt only when missing or when the
  # snippets, the generator or a toolchain version changed
  python3 scripts/bench/failures/generate.py || return 1
  # the test classpath, resolved again only when pom.xml changes
  local classpath_file=.services/bench/classpath
  if [ ! -s "$classpath_file" ] || [ pom.xml -nt "$classpath_file" ]; then
    mvn -B -ntp -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" >&2 \
      || return 1
  fi
  if [ ! -f target/test-classes/dev/vibecoder/bench/MemoryBench.class ]; then
    echo "target/test-classes has no MemoryBench: build first (make bench does)" >&2
    return 1
  fi
  # MEMORY_BENCH_OPTS takes e.g. -Dbench.total=20000 for a quicker, smaller run
  java -Xmx2g ${MEMORY_BENCH_OPTS:-} -cp "target/test-classes:target/classes:$(cat "$classpath_file")" \
    dev.vibecoder.bench.MemoryBench
}

# the two halves are independent: one failing does not keep the other's figures back
failed=""
if [ "$BENCH" != memory ]; then
  python3 scripts/bench.py || failed="$failed hub"
fi
if [ "$BENCH" != hub ]; then
  memory_bench || failed="$failed memory"
fi
if [ -n "$failed" ]; then
  echo "benchmarks failed:$failed" >&2
  exit 1
fi
