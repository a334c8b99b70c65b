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
DOCS="${DOCS:-1000,10000}"
WORK="${WORK:-${TMPDIR:-/tmp}/debrief-bench-timeline}"
target_dir="${CARGO_TARGET_DIR:-target}"

if [[ -z "${NO_BUILD:-}" ]]; then
  echo "== building debrief and the corpus generator (release)" >&2
  cargo build --release --locked -p debrief-cli -p debrief-bench
fi
bin_dir="$(cd "$target_dir/release" && pwd)"
(cd tests/browser && [[ -d node_modules ]] || npm ci --no-audit --no-fund --loglevel=error)

sites=()
IFS=',' read -ra counts <<< "$DOCS"
for n in "${counts[@]}"; do
  root="$WORK/$n"
  echo "== $n postmortems in $root" >&2
  "$bin_dir/debrief-gen-corpus" --docs "$n" --out "$root" --force
  "$bin_dir/debrief" build --root "$root" --out "$root/public" --base-url "https://bench.example/" >/dev/null
  sites+=("$n=$root/public")
done
exec node bench/timeline/bench.js "${sites[@]}"
