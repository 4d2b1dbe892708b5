#!/usr/bin/env bash
# Benchmarks (make bench): each figure one `name: value unit` line on stdout, progress on stderr.
#   BENCH=hub     only the hub figures (scripts/bench.py: the packaged hub driven through its API)
#   BENCH=memory  only the memory figures (dev.vibecoder.bench.MemoryBench, from the test classes)
# docs/benchmarks.md describes every figure and how it is measured.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH="${BENCH:-all}"

if [ "$BENCH" != memory ]; then
  python3 scripts/bench.py
fi

if [ "$BENCH" != hub ]; then
  mkdir -p .services/bench
  # the labelled failure messages, from real toolchain runs; rebuilt only when missing or when the
  # snippets, the generator or a toolchain version changed
  python3 scripts/bench/failures/generate.py
  # the test classpath, resolved again only when pom.xml changes
  CLASSPATH_FILE=.services/bench/classpath
  if [ ! -s "$CLASSPATH_FILE" ] || [ pom.xml -nt "$CLASSPATH_FILE" ]; then
    mvn -B -ntp -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CLASSPATH_FILE" >&2
  fi
  if [ ! -f target/test-classes/dev/vibecoder/bench/MemoryBench.class ]; then
    echo "target/test-classes has no MemoryBench: build first (make bench does)" >&2
    exit 1
  fi
  # MEMORY_BENCH_OPTS takes e.g. -Dbench.total=20000 for a quicker, smaller run
  java -Xmx2g ${MEMORY_BENCH_OPTS:-} -cp "target/test-classes:target/classes:$(cat "$CLASSPATH_FILE")" \
    dev.vibecoder.bench.MemoryBench
fi
