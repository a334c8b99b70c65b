#!/usr/bin/env bash
# Runs the cargo-fuzz targets of fuzz/ (nightly through rustup, cargo-fuzz installed):
# each for SECONDS, one after another, nice'd; then minimises its corpus in place
# (fuzz/corpus/<target>/, committed) and prints executions per second and what it found.
#
#   scripts/fuzz.sh                    # every target, 300 s each
#   scripts/fuzz.sh content 600        # one target, 10 minutes
#   scripts/fuzz.sh all 60
#
# A failing input is copied to fuzz/regressions/<target>/ (replayed by the stable
# `cargo test -p debrief-fuzzing`); minimise it with `cargo +nightly fuzz tmin <target>
# <file>`, fix the bug, and keep the file. Exit status 1 when any target found something.
set -uo pipefail

cd "$(dirname "$0")/.." || exit 2
ALL=(frontmatter content search_query search_decode timeline_decode redaction)
which="${1:-all}"
seconds="${2:-300}"
if [[ "$which" == all ]]; then
  targets=("${ALL[@]}")
else
  targets=("$which")
fi
for t in "${targets[@]}"; do
  if [[ ! -f "fuzz/fuzz_targets/$t.rs" ]]; then
    echo "error: no fuzz target '$t' (one of: ${ALL[*]})" >&2
    exit 2
  fi
done

nice -n 15 cargo +nightly fuzz build || exit 2
logs="${TMPDIR:-/tmp}/debrief-fuzz"
mkdir -p "$logs"
found=0
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/regressions/$t"
  before=$(find "fuzz/artifacts/$t" -type f 2>/dev/null | sort)
  echo "== $t: ${seconds}s" >&2
  nice -n 15 cargo +nightly fuzz run "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len=131072 \
    -print_final_stats=1 >"$logs/$t.log" 2>&1
  status=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$logs/$t.log" | grep -o '[0-9]*$' | tail -1)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$logs/$t.log" | grep -o '[0-9]*$' | tail -1)
  if [[ -z "$execs" ]]; then
    # Stopped by a finding: the last status line has the count and the rate.
    last=$(grep -E '^#[0-9]+' "$logs/$t.log" | tail -1)
    execs=$(sed -E 's/^#([0-9]+).*/\1/' <<<"$last")
    rate=$(grep -o 'exec/s: [0-9]*' <<<"$last" | grep -o '[0-9]*$')
  fi
  echo "$t: exit $status, ${execs:-?} executions, ${rate:-?} exec/s, log $logs/$t.log"
  after=$(find "fuzz/artifacts/$t" -type f 2>/dev/null | sort)
  new=$(comm -13 <(echo "$before") <(echo "$after") | grep -v '^$')
  if [[ -n "$new" ]]; then
    found=1
    while read -r f; do
      cp "$f" "fuzz/regressions/$t/"
      echo "  FOUND: $f (copied to fuzz/regressions/$t/)"
    done <<<"$new"
    grep -m1 -A3 -E 'panicked|ERROR: libFuzzer|SUMMARY' "$logs/$t.log" | sed 's/^/  /'
  fi
  echo "== $t: minimising the corpus" >&2
  nice -n 15 cargo +nightly fuzz cmin "$t" "fuzz/corpus/$t" -- -timeout=20 -rss_limit_mb=2048 \
    >"$logs/$t.cmin.log" 2>&1 || echo "  cmin failed, see $logs/$t.cmin.log"
  echo "  corpus: $(find "fuzz/corpus/$t" -type f | wc -l) files, $(du -sh "fuzz/corpus/$t" | cut -f1)"
done
exit "$found"
