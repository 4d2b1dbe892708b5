#!/usr/bin/env bash
# Benchmarks (make bench): each figure one `name: value unit` line on stdout, progress on stderr.
#   BENCH=hub     only the hub figures (scripts/bench.py: the packaged hub driven through its API)
#   BENCH=faults  only the model-fault figures (scripts/bench_faults.py: the packaged hub against
#                 dev.vibecoder.bench.AnthropicStandIn, from the test classes, failing 30% of calls)
#   BENCH=memory  only the memory figures (dev.vibecoder.bench.MemoryBench, from the test classes)
#   (a comma-separated list picks several: BENCH=hub,faults)
# docs/benchmarks.md describes every figure and how it is measured.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH="${BENCH:-all}"

wants() { [ "$BENCH" = all ] || [[ ",$BENCH," == *",$1,"* ]]; }

# (explicit returns: errexit does not apply inside a function called on the left of ||)
# The test classpath (target/test-classes, target/classes and the test-scoped dependencies) on
# stdout, resolved again only when pom.xml changes; $1 is the bench class that must be built.
test_classpath() {
  mkdir -p .services/bench
  local classpath_file=.services/bench/classpath
  if [ ! -s "$classpath_file" ] || [ pom.xml -nt "$classpath_file" ]; then
    mvn -B -ntp -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" >&2 \
      || return 1
  fi
  if [ ! -f "target/test-classes/dev/vibecoder/bench/$1.class" ]; then
    echo "target/test-classes has no $1: build first (make bench does)" >&2
    return 1
  fi
  echo "target/test-classes:target/classes:$(cat "$classpath_file")"
}

memory_bench() {
  # the labelled failure messages, from real toolchain runs; rebuilt only when missing or when the
  # snippets, the generator or a toolchain version changed
  mkdir -p .services/bench
  python3 scripts/bench/failures/generate.py || return 1
  local classpath
  classpath=$(test_classpath MemoryBench) || return 1
  # MEMORY_BENCH_OPTS takes e.g. -Dbench.total=20000 for a quicker, smaller run
  java -Xmx2g ${MEMORY_BENCH_OPTS:-} -cp "$classpath" dev.vibecoder.bench.MemoryBench
}

faults_bench() {
  local classpath
  classpath=$(test_classpath AnthropicStandIn) || return 1
  # (no __pycache__ beside the scripts: bench_faults.py imports bench.py)
  BENCH_CLASSPATH="$classpath" PYTHONDONTWRITEBYTECODE=1 python3 scripts/bench_faults.py
}

# the parts are independent: one failing does not keep the others' figures back
failed=""
if wants hub; then
  python3 scripts/bench.py || failed="$failed hub"
fi
if wants faults; then
  faults_bench || failed="$failed faults"
fi
if wants memory; then
  memory_bench || failed="$failed memory"
fi
if [ -n "$failed" ]; then
  echo "benchmarks failed:$failed" >&2
  exit 1
fi
