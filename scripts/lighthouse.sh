#!/usr/bin/env bash
# Lighthouse 12 (mobile preset) over the example site as a static host serves it:
# gzip-compressed (`--precompress`) and content-hashed assets cached for a year. Prints
# performance, accessibility, best practices and SEO, the layout shift and the largest
# contentful paint of the index, an incident, a service, a tag, a year and the stats page,
# and every failed audit.
#
#   scripts/lighthouse.sh
#
# Needs Node.js with npm and Debian's Chromium at /usr/bin/chromium (or $CHROMIUM); the
# pinned `lighthouse` is installed into scripts/lighthouse/node_modules on first use.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -d scripts/lighthouse/node_modules/lighthouse ]]; then
  (cd scripts/lighthouse && npm ci --no-audit --no-fund)
fi
cargo build --release --locked -p debrief-cli
site="$(mktemp -d)"
trap 'rm -rf "$site"' EXIT
target/release/debrief build --precompress --out "$site/public" >/dev/null
node scripts/lighthouse/lighthouse.mjs "$site/public"
