#!/usr/bin/env bash
# Builds the WebAssembly bundle (crates/web) into site/wasm/, reproducibly: the same bytes
# on any machine with the pinned toolchain and wasm-bindgen CLI.
#
#   scripts/build-wasm.sh            # rebuild site/wasm/
#   scripts/build-wasm.sh --check    # rebuild into a temporary folder; fail if site/wasm/ differs
#   scripts/build-wasm.sh --install  # also install the wasm32 target and the pinned CLI first
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

check=false
install=false
for arg in "$@"; do
  case "$arg" in
    --check) check=true ;;
    --install) install=true ;;
    *) echo "usage: $0 [--check] [--install]" >&2; exit 2 ;;
  esac
done

# The CLI version must equal the `wasm-bindgen = "=X"` pin in crates/web/Cargo.toml.
version=$(sed -n 's/^wasm-bindgen = "=\(.*\)"$/\1/p' crates/web/Cargo.toml)
toolchain=$(sed -n 's/^channel = "\(.*\)"$/\1/p' rust-toolchain.toml)
if $install; then
  rustup target add wasm32-unknown-unknown --toolchain "$toolchain"
  if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $version" ]]; then
    cargo install wasm-bindgen-cli --version "=$version" --locked
  fi
fi
if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $version" ]]; then
  echo "error: wasm-bindgen $version is required (found: $(wasm-bindgen --version 2>/dev/null || echo none))." >&2
  echo "hint: run $0 --install, or: cargo install wasm-bindgen-cli --version =$version --locked" >&2
  exit 2
fi

# Paths that end up in the binary are mapped to fixed names, so the bytes do not depend
# on where the workspace or the cargo home is.
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
export RUSTFLAGS="--remap-path-prefix=$root=/debrief --remap-path-prefix=$cargo_home=/cargo"
export CARGO_TARGET_DIR="${WASM_TARGET_DIR:-$root/target/wasm}"
cargo build --locked -p debrief-web --target wasm32-unknown-unknown --profile wasm-release

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
  --out-dir "$out" --out-name debrief "$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/debrief_web.wasm"
# The glue loses its doc comments and indentation (about 0.7 KB gzip of the 100 KB budget);
# it has no multi-line strings, so this changes no behaviour.
perl -0pi -e 's{/\*\*.*?\*/\n?}{}gs; s/^[ \t]+//gm' "$out/debrief.js"

if $check; then
  if diff -r "$out" site/wasm >/dev/null 2>&1; then
    echo "site/wasm is up to date ($(wc -c < site/wasm/debrief_bg.wasm) bytes of wasm)"
  else
    echo "error: the committed bundle in site/wasm differs from a fresh build:" >&2
    diff -r "$out" site/wasm | head -20 >&2 || true
    echo "hint: run scripts/build-wasm.sh and commit site/wasm" >&2
    exit 1
  fi
else
  rm -rf site/wasm
  mkdir -p site/wasm
  cp "$out"/* site/wasm/
  echo "wrote site/wasm: $(wc -c < site/wasm/debrief_bg.wasm) bytes wasm ($(gzip -9c site/wasm/debrief_bg.wasm | wc -c) gzip), $(wc -c < site/wasm/debrief.js) bytes js"
fi
