# shellcheck shell=bash
# Shared by the scripts/bench-*.sh benchmarks (sourced, not run): the release binaries
# and the generated, built sites they measure.
#
#   bench_binaries                  # builds them unless NO_BUILD is set; sets $debrief, $gen
#   bench_sites WORK DOCS [HOOK]    # for each count in DOCS (1000,10000): generates a corpus
#                                   # in WORK/N, builds it to WORK/N/public, runs `HOOK N ROOT`;
#                                   # appends "N=WORK/N/public" to the array `sites`

bench_binaries() {
  local target_dir="${CARGO_TARGET_DIR:-target}"
  if [[ -z "${NO_BUILD:-}" ]]; then
    echo "== building debrief and the corpus generator (release)" >&2
    cargo build --release --locked -p debrief-cli -p debrief-bench
  fi
  local bin_dir
  bin_dir="$(cd "$target_dir/release" && pwd)"
  debrief="$bin_dir/debrief"
  gen="$bin_dir/debrief-gen-corpus"
}

timed() { # timed NAME CMD...: runs CMD, prints wall time and peak RSS (GNU time if present)
  local name="$1"; shift
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -f "$name: %e s wall, %M KB peak RSS" "$@"
  else
    local t0=$SECONDS; "$@"; echo "$name: $((SECONDS - t0)) s wall" >&2
  fi
}

bench_sites() {
  local work="$1" docs="$2" hook="${3:-}" n root counts
  echo "== machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo 2>/dev/null || echo '? GiB') RAM" >&2
  sites=()
  IFS=',' read -ra counts <<< "$docs"
  for n in "${counts[@]}"; do
    root="$work/$n"
    echo "== $n postmortems in $root" >&2
    "$gen" --docs "$n" --out "$root" --force
    timed "debrief build ($n)" "$debrief" build --root "$root" --out "$root/public" --base-url "https://bench.example/" >/dev/null
    if [[ -n "$hook" ]]; then "$hook" "$n" "$root"; fi
    sites+=("$n=$root/public")
  done
}
