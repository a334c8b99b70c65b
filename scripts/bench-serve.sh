#!/usr/bin/env bash
# `debrief serve` at 100 and 10,000 generated postmortems: `debrief build` against serve's
# first build, and save-to-reload in Chromium (file written → reload event → the page
# shows the new title). Never a test: timings depend on the machine, and its load (uptime)
# is printed before and after — quote it with the figures.
#
#   scripts/bench-serve.sh                 # 100 and 10,000, 7 edits each
#   SIZES=100 EDITS=3 scripts/bench-serve.sh
#   WORK=/var/tmp/bench-serve NO_BUILD=1 scripts/bench-serve.sh
set -euo pipefail

cd "$(dirname "$0")/.."
SIZES="${SIZES:-100,10000}"
EDITS="${EDITS:-7}"
WORK="${WORK:-${TMPDIR:-/tmp}/debrief-bench-serve}"

if [[ -z "${NO_BUILD:-}" ]]; then
  cargo build --release -q -p debrief-cli -p debrief-bench
fi
if [[ ! -d tests/browser/node_modules/playwright-core ]]; then
  (cd tests/browser && npm ci --ignore-scripts --no-audit --no-fund)
fi
echo "load before: $(uptime)"
IFS=, read -ra sizes <<<"$SIZES"
for n in "${sizes[@]}"; do
  site="$WORK/$n"
  if [[ ! -f "$site/debrief.toml" ]]; then
    target/release/debrief-gen-corpus --docs "$n" --out "$site" --force >/dev/null
  fi
  echo "== $n postmortems"
  (cd tests/browser && DEBRIEF_BIN="$PWD/../../target/release/debrief" node bench-serve.js "$site" "$EDITS")
done
echo "load after: $(uptime)"
