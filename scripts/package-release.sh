#!/usr/bin/env bash
# Packages a release binary as the release workflow publishes it, and as the GitHub Action
# (action/install.sh) downloads it:
#   dist/debrief-<version>-<target>.tar.gz (.zip for Windows) and its .sha256.
# Usage: scripts/package-release.sh VERSION TARGET [BINARY]
#   BINARY defaults to target/<TARGET>/release/debrief(.exe).
set -euo pipefail
cd "$(dirname "$0")/.."

version="${1:?usage: package-release.sh VERSION TARGET [BINARY]}"
target="${2:?usage: package-release.sh VERSION TARGET [BINARY]}"
exe=debrief
[[ "$target" == *windows* ]] && exe=debrief.exe
binary="${3:-target/$target/release/$exe}"

# macOS runners: GNU tar is `gtar`, and SHA-256 is `shasum -a 256` (same output format).
tar=tar
command -v gtar >/dev/null && tar=gtar
sha256() { if command -v sha256sum >/dev/null; then sha256sum "$@"; else shasum -a 256 "$@"; fi; }

name="debrief-$version-$target"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name" dist
cp "$binary" "$stage/$name/$exe"
cp README.md "$stage/$name/"
for license in LICENSE*; do
  [[ -e "$license" ]] && cp "$license" "$stage/$name/"
done
if [[ "$target" == *windows* ]]; then
  asset="$name.zip"
  (cd "$stage" && 7z a -tzip -bd "$OLDPWD/dist/$asset" "$name" >/dev/null)
else
  asset="$name.tar.gz"
  # Reproducible archive: sorted names, fixed owner and time.
  "$tar" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$stage" -cf - "$name" |
    gzip -9n >"dist/$asset"
fi
(cd dist && sha256 "$asset" >"$asset.sha256")
echo "dist/$asset"
