#!/usr/bin/env bash
# The test command: Rust unit, snapshot and CLI tests, then the real-browser tests
# (Debian Chromium driven by playwright-core) against sites built by the release binary.
#
# Needs: the Rust toolchain (rust-toolchain.toml), Node.js with npm, Debian's chromium at
# /usr/bin/chromium (apt-get install -y chromium), and for the workflow lint Debian's
# python3-venv and shellcheck packages. .ci/run installs all of it.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo test"
cargo test --workspace --locked

echo "== workflows and publishing scripts (actionlint, shellcheck)"
scripts/lint-workflows.sh

echo "== browser tests"
if [[ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]]; then
  echo "error: ${CHROMIUM:-/usr/bin/chromium} not found; install it with: apt-get install -y chromium" >&2
  exit 2
fi
cargo build --release --locked -p debrief-cli
if [[ ! -d tests/browser/node_modules/playwright-core ]]; then
  (cd tests/browser && npm ci --no-audit --no-fund)
fi
(cd tests/browser && node --test --test-concurrency=1)
