#!/usr/bin/env bash
# Timeline benchmark: builds the release binaries, generates corpora of 1,000 and 10,000
# postmortems (fixed seed), builds each site, then bench/timeline/bench.js measures the
# interactive timeline in Debian Chromium: first render and frame times while panning and
# zooming. Targets (issue 6): first render <= 100 ms and <= 16 ms a frame at 10,000.
#
#   scripts/bench-timeline.sh
#   DOCS=1000 FRAMES=100 scripts/bench-timeline.sh
#   NO_BUILD=1 scripts/bench-timeline.sh          # use the release binaries already built
set -euo pipefail

cd "$(dirname "$0")/.."
source scripts/bench-lib.sh
DOCS="${DOCS:-1000,10000}"
WORK="${WORK:-${TMPDIR:-/tmp}/debrief-bench-timeline}"

bench_binaries
(cd tests/browser && if [[ ! -d node_modules ]]; then npm ci --no-audit --no-fund --loglevel=error; fi)
bench_sites "$WORK" "$DOCS"
exec node bench/timeline/bench.js "${sites[@]}"
