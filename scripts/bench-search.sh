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
DOCS="${DOCS:-1000,10000}"
WORK="${WORK:-${TMPDIR:-/tmp}/debrief-bench-search}"
target_dir="${CARGO_TARGET_DIR:-target}"

if [[ -z "${NO_BUILD:-}" ]]; then
  echo "== building debrief and the corpus generator (release)" >&2
  cargo build --release --locked -p debrief-cli -p debrief-bench
fi
bin_dir="$(cd "$target_dir/release" && pwd)"
debrief="$bin_dir/debrief"
gen="$bin_dir/debrief-gen-corpus"

echo "== installing Pagefind and playwright-core (bench/search, npm ci)" >&2
(cd bench/search && npm ci --no-audit --no-fund --loglevel=error)
pagefind="$PWD/bench/search/node_modules/.bin/pagefind"

timed() { # timed NAME CMD...: runs CMD, prints wall time and peak RSS (GNU time if present)
  local name="$1"; shift
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -f "$name: %e s wall, %M KB peak RSS" "$@"
  else
    local t0=$SECONDS; "$@"; echo "$name: $((SECONDS - t0)) s wall" >&2
  fi
}

echo "== machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo 2>/dev/null || echo '? GiB') RAM" >&2
sites=()
IFS=',' read -ra counts <<< "$DOCS"
for n in "${counts[@]}"; do
  root="$WORK/$n"
  echo "== $n postmortems in $root" >&2
  "$gen" --docs "$n" --out "$root" --force
  timed "debrief build ($n)" "$debrief" build --root "$root" --out "$root/public" --base-url "https://bench.example/" >/dev/null
  timed "pagefind ($n)" "$pagefind" --site "$root/public" --output-subdir pagefind \
    --glob "incidents/*/index.html" --root-selector main --quiet
  sites+=("$n=$root/public")
done

DEBRIEF_BIN="$debrief" node bench/search/bench.js "${sites[@]}"
