#!/usr/bin/env bash
# The release binary for x86_64 Linux: built for musl, statically linked (no program
# interpreter, no dynamic section), and able to build the example site; then packaged as
# the release workflow does, with a checksum that verifies.
#
# Needs: rustup target add x86_64-unknown-linux-musl, and Debian's musl-tools (.ci/run
# installs both).
set -euo pipefail
cd "$(dirname "$0")/.."
target=x86_64-unknown-linux-musl

echo "== musl release binary"
cargo build --release --locked --target "$target" -p debrief-cli
bin="target/$target/release/debrief"

# A static ELF has no PT_INTERP (program interpreter) and no dynamic section.
headers=$(readelf --program-headers --wide "$bin")
if grep -q 'INTERP' <<<"$headers"; then
  echo "error: $bin asks for a program interpreter: not statically linked" >&2
  exit 1
fi
if readelf --dynamic "$bin" | grep -q 'NEEDED'; then
  echo "error: $bin needs shared libraries:" >&2
  readelf --dynamic "$bin" | grep NEEDED >&2
  exit 1
fi
echo "statically linked: $(file -b "$bin" 2>/dev/null || echo 'no PT_INTERP, no NEEDED')"

echo "== the musl binary builds the example site"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r debrief.toml redaction.toml content "$work/"
"$bin" build --root "$work" --precompress
for f in index.html sitemap.xml _headers index.html.gz; do
  [[ -s "$work/public/$f" ]] || { echo "error: the musl build did not write $f" >&2; exit 1; }
done
cmp <(gzip -dc "$work/public/index.html.gz") "$work/public/index.html"

echo "== packaged as a release asset"
asset=$(scripts/package-release.sh v0.0.0-test "$target" "$bin")
(cd dist && sha256sum -c "$(basename "$asset").sha256")
tar -tzf "$asset" | grep -qx "debrief-v0.0.0-test-$target/debrief"
rm -f "$asset" "$asset.sha256"
rmdir dist 2>/dev/null || true
echo "musl binary: ok ($(du -h "$bin" | cut -f1))"
