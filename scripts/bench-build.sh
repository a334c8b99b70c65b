#!/usr/bin/env bash
# Build-time benchmark: builds the release `debrief` binary and the bench tools, then
# times `debrief build` on generated corpora of 1,000 and 10,000 postmortems.
#
#   scripts/bench-build.sh                 # 1000 and 10000 docs, 3 runs each
#   DOCS=1000 RUNS=5 scripts/bench-build.sh
#   WORK=/var/tmp/debrief-bench JSON=bench.json scripts/bench-build.sh
#
# Peak RSS is the debrief process's own ru_maxrss, read with wait4(2) when it exits.
# Compare with TARGETS.md: 10,000 postmortems in <= 10 s and <= 1 GiB peak RSS.
set -euo pipefail

cd "$(dirname "$0")/.."
DOCS="${DOCS:-1000,10000}"
RUNS="${RUNS:-3}"
WORK="${WORK:-${TMPDIR:-/tmp}/debrief-bench}"
target_dir="${CARGO_TARGET_DIR:-target}"

echo "== building debrief (release)" >&2
cargo build --release --locked -p debrief-cli
echo "== building the bench tools (release)" >&2
cargo build --release --locked -p debrief-bench

debrief="$target_dir/release/debrief"
bench="$target_dir/release/debrief-bench-build"
if [[ ! -x "$debrief" ]]; then
  echo "error: $debrief was not built (is the debrief-cli binary named 'debrief'?)" >&2
  exit 2
fi

echo "== machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo 2>/dev/null || echo '? GiB') RAM" >&2
args=(--debrief "$debrief" --docs "$DOCS" --runs "$RUNS" --work "$WORK")
if [[ -n "${JSON:-}" ]]; then
  args+=(--json "$JSON")
fi
exec "$bench" "${args[@]}"
