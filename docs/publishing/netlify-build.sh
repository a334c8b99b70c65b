#!/bin/sh
# The build command for Netlify and Cloudflare Pages (docs/publishing/README.md): installs
# the static debrief release binary, checks, then builds into public/. With
# DEBRIEF_PREVIEW_URL set (a deploy preview), the build is a preview under that URL.
set -eu
: "${DEBRIEF_VERSION:?set DEBRIEF_VERSION (a release tag like v0.1.0)}"
: "${DEBRIEF_REPOSITORY:?set DEBRIEF_REPOSITORY (owner/name of the repository with debrief releases)}"
name="debrief-$DEBRIEF_VERSION-x86_64-unknown-linux-musl"
url="https://github.com/$DEBRIEF_REPOSITORY/releases/download/$DEBRIEF_VERSION/$name.tar.gz"
mkdir -p .debrief
curl -fsSL -o ".debrief/$name.tar.gz" "$url"
curl -fsSL -o ".debrief/$name.tar.gz.sha256" "$url.sha256"
(cd .debrief && sha256sum -c "$name.tar.gz.sha256")
tar -xzf ".debrief/$name.tar.gz" -C .debrief
debrief=".debrief/$name/debrief"
"$debrief" check
if [ -n "${DEBRIEF_PREVIEW_URL:-}" ]; then
  "$debrief" build --preview --base-url "${DEBRIEF_PREVIEW_URL%/}/"
else
  "$debrief" build
fi
