#!/usr/bin/env bash
# debrief against Hugo on one generated corpus, then debrief alone at growing sizes.
#
#   scripts/bench-vs-hugo.sh                          # 10,000 vs Hugo; debrief at 1k, 10k, 100k
#   DOCS=1000 RUNS=1 SCALE=500,1000 scripts/bench-vs-hugo.sh   # quick
#   scripts/bench-vs-hugo.sh 2000 500,2000            # same as DOCS=2000 SCALE=500,2000
#   WORK=/var/tmp/vs-hugo NO_BUILD=1 scripts/bench-vs-hugo.sh
#
# Installs Debian's `hugo` when it is missing (apt-get; root or sudo). The corpus
# generator writes the same documents twice: a debrief site and a Hugo site with a
# minimal theme (list, single page, three taxonomies, RSS, sitemap). The two builds run
# alternately RUNS times, each into an empty output folder; the script prints each
# run, both medians, their peak RSS (GNU time's maximum resident set size) and the
# ratio. Then debrief alone at each size of SCALE: median wall, peak RSS, documents per
# second. The machine's load (uptime) is printed before and after: quote it with the
# figures.
set -euo pipefail

cd "$(dirname "$0")/.."
DOCS="${1:-${DOCS:-10000}}"
SCALE="${2:-${SCALE:-1000,10000,100000}}"
RUNS="${RUNS:-3}"
WORK="${WORK:-${TMPDIR:-/tmp}/debrief-vs-hugo}"
# shellcheck source=scripts/bench-lib.sh
source scripts/bench-lib.sh

if ! command -v hugo >/dev/null; then
  echo "== installing hugo (Debian package)" >&2
  sudo_=()
  if [[ $(id -u) -ne 0 ]]; then sudo_=(sudo); fi
  "${sudo_[@]}" apt-get update -qq
  "${sudo_[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null
fi
if [[ ! -x /usr/bin/time ]]; then
  echo "error: GNU time (/usr/bin/time) is needed for peak RSS: apt-get install -y time" >&2
  exit 2
fi
bench_binaries

echo "== machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM; $(hugo version | cut -d' ' -f1-2)"
echo "== load before: $(uptime)"

# measure NAME OUT_DIR CMD...: empties OUT_DIR, runs CMD under GNU time; appends
# "wall_seconds rss_kb" to the file $WORK/NAME.runs and prints the run.
measure() {
  local name="$1" out="$2"; shift 2
  rm -rf "$out"
  local log="$WORK/$name.time"
  /usr/bin/time -v -o "$log" "$@" >/dev/null 2>"$WORK/$name.stderr" || {
    echo "error: $name failed:" >&2; cat "$WORK/$name.stderr" >&2; exit 1
  }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")
  echo "$wall $rss" >> "$WORK/$name.runs"
  printf '  %-22s %8.2f s  %6d MiB\n' "$name" "$wall" "$((rss / 1024))"
}

# median NAME: "wall rss" of the median run (by wall time).
median() {
  sort -n "$WORK/$1.runs" | awk '{ w[NR] = $1; r[NR] = $2 } END { m = int((NR + 1) / 2); print w[m], r[m] }'
}

mkdir -p "$WORK"
echo "== one corpus, $DOCS postmortems, for both tools"
"$gen" --docs "$DOCS" --out "$WORK/debrief-$DOCS" --force
"$gen" --docs "$DOCS" --out "$WORK/hugo-$DOCS" --force --flavour hugo
rm -f "$WORK"/*.runs
for ((i = 1; i <= RUNS; i++)); do
  measure "debrief-$DOCS" "$WORK/debrief-$DOCS/public" \
    "$debrief" build --root "$WORK/debrief-$DOCS" --out "$WORK/debrief-$DOCS/public" --base-url "https://bench.example/"
  measure "hugo-$DOCS" "$WORK/hugo-$DOCS/public" hugo --quiet --source "$WORK/hugo-$DOCS" --destination "$WORK/hugo-$DOCS/public"
done
read -r dw dr < <(median "debrief-$DOCS")
read -r hw hr < <(median "hugo-$DOCS")
echo "== $DOCS postmortems, median of $RUNS (alternating)"
printf '  %-10s %8.2f s  %6d MiB peak RSS\n' debrief "$dw" "$((dr / 1024))" hugo "$hw" "$((hr / 1024))"
awk -v d="$dw" -v h="$hw" 'BEGIN { printf "  hugo / debrief: %.2fx\n", h / d }'

echo "== debrief alone (median of $RUNS)"
IFS=',' read -ra sizes <<< "$SCALE"
for n in "${sizes[@]}"; do
  root="$WORK/debrief-$n"
  if [[ "$n" != "$DOCS" ]]; then
    "$gen" --docs "$n" --out "$root" --force
    rm -f "$WORK/debrief-$n.runs"
    for ((i = 1; i <= RUNS; i++)); do
      measure "debrief-$n" "$root/public" "$debrief" build --root "$root" --out "$root/public" --base-url "https://bench.example/"
    done
  fi
  read -r w r < <(median "debrief-$n")
  awk -v n="$n" -v w="$w" -v r="$r" 'BEGIN { printf "  %7d postmortems: %8.2f s  %6d MiB peak RSS  %8.0f docs/s\n", n, w, r / 1024, n / w }'
done
echo "== load after: $(uptime)"
