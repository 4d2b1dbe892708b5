#!/usr/bin/env bash
# Benchmarks (make bench): each figure one `name: value unit` line on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 scripts/bench.py
