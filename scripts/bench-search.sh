#!/usr/bin/env bash
# Search benchmark: debrief's search index against Pagefind on the same built site.
# Builds the release binaries, generates corpora of 1,000 and 10,000 postmortems (fixed
# seed), builds each site with `debrief build`, runs Pagefind (npm `pagefind`, pinned in
# bench/search/package-lock.json) on that same output, then bench/search/bench.js measures
# index size, bytes fetched by a first query and a five-query session, round trips and query
# latency in Debian Chromium, and prints a markdown table.
#
#   scripts/bench-search.sh                       # 1000 and 10000 docs
#   DOCS=1000 scripts/bench-search.sh
#   WORK=/var/tmp/debrief-bench-search JSON=search.json scripts/bench-search.sh
#   NO_BUILD=1 scripts/bench-search.sh           # use the release binaries already built
#
# Needs: the Rust toolchain, Node.js with npm, Debian's chromium at /usr/bin/chromium.
# Pagefind indexes the incident pages only (the documents debrief indexes), from <main>.
# Compare with TARGETS.md: at 10,000 postmortems the first search fetches at most half of
# what Pagefind fetches, in at most 2 dependent round trips; p95 query <= 10 ms in Chromium.
set -euo pipefail

cd "$(dirname "$0")/.."
source scripts/bench-lib.sh
DOCS="${DOCS:-1000,10000}"
WORK="${WORK:-${TMPDIR:-/tmp}/debrief-bench-search}"

bench_binaries
echo "== installing Pagefind and playwright-core (bench/search, npm ci)" >&2
(cd bench/search && npm ci --no-audit --no-fund --loglevel=error)
pagefind="$PWD/bench/search/node_modules/.bin/pagefind"

run_pagefind() { # run_pagefind N ROOT: Pagefind over the same built site
  timed "pagefind ($1)" "$pagefind" --site "$2/public" --output-subdir pagefind \
    --glob "incidents/*/index.html" --root-selector main --quiet
}

bench_sites "$WORK" "$DOCS" run_pagefind
DEBRIEF_BIN="$debrief" node bench/search/bench.js "${sites[@]}"
