#!/usr/bin/env bash
# Installs the debrief binary for the GitHub Action (action.yml).
#
#   install.sh resolve   writes target, version and dir to $GITHUB_OUTPUT (for the cache key)
#   install.sh install   puts debrief in $dir (unless the cache restored it) and on $GITHUB_PATH
#
# The release binary for the runner (x86_64 / aarch64 Linux (musl), macOS, Windows) is
# downloaded from the action's repository and its SHA-256 checked; when there is none for
# this runner or version, `cargo install --locked --git` builds it.
# Environment: DEBRIEF_VERSION (a tag like v0.1.0, or latest), DEBRIEF_REPOSITORY (owner/name).
set -euo pipefail

repo="${DEBRIEF_REPOSITORY:-}"
if [[ -z "$repo" ]]; then
  echo "::error title=debrief::cannot tell which repository to install debrief from; set the action's \`repository\` input"
  exit 2
fi
version="${DEBRIEF_VERSION:-latest}"

case "${RUNNER_OS:-$(uname -s)}-${RUNNER_ARCH:-$(uname -m)}" in
  Linux-X64 | Linux-x86_64) target=x86_64-unknown-linux-musl ;;
  Linux-ARM64 | Linux-aarch64) target=aarch64-unknown-linux-musl ;;
  macOS-X64 | Darwin-x86_64) target=x86_64-apple-darwin ;;
  macOS-ARM64 | Darwin-arm64) target=aarch64-apple-darwin ;;
  Windows-X64) target=x86_64-pc-windows-msvc ;;
  *) target="" ;;
esac

if [[ "$version" == "latest" ]]; then
  api="https://api.github.com/repos/$repo/releases/latest"
  version=$(curl -fsSL -H "Authorization: Bearer ${GITHUB_TOKEN:-}" "$api" 2>/dev/null |
    sed -n 's/^ *"tag_name": *"\([^"]*\)".*/\1/p' | head -n 1 || true)
  version="${version:-main}"
fi
dir="${RUNNER_TOOL_CACHE:-$HOME/.cache}/debrief/$version/${target:-source}"

case "${1:-}" in
  resolve)
    {
      echo "target=${target:-source}"
      echo "version=$version"
      echo "dir=$dir"
    } >>"${GITHUB_OUTPUT:-/dev/stdout}"
    ;;
  install)
    exe=debrief
    [[ "$target" == *windows* ]] && exe=debrief.exe
    if [[ ! -x "$dir/bin/$exe" ]]; then
      mkdir -p "$dir/bin"
      installed=false
      if [[ -n "$target" && "$version" != "main" ]]; then
        ext=tar.gz
        [[ "$target" == *windows* ]] && ext=zip
        asset="debrief-$version-$target.$ext"
        url="https://github.com/$repo/releases/download/$version/$asset"
        tmp=$(mktemp -d)
        if curl -fsSL -o "$tmp/$asset" "$url" && curl -fsSL -o "$tmp/$asset.sha256" "$url.sha256"; then
          if command -v sha256sum >/dev/null; then
            (cd "$tmp" && sha256sum -c "$asset.sha256")
          else
            (cd "$tmp" && shasum -a 256 -c "$asset.sha256")
          fi
          if [[ "$ext" == zip ]]; then
            unzip -q -o "$tmp/$asset" -d "$tmp/x"
          else
            mkdir -p "$tmp/x" && tar -xzf "$tmp/$asset" -C "$tmp/x"
          fi
          cp "$(find "$tmp/x" -name "$exe" -type f | head -n 1)" "$dir/bin/$exe"
          chmod +x "$dir/bin/$exe"
          installed=true
        else
          echo "::notice title=debrief::no release binary $asset; building from source"
        fi
        rm -rf "$tmp"
      fi
      if [[ "$installed" != true ]]; then
        ref=(--branch main)
        [[ "$version" != "main" ]] && ref=(--tag "$version")
        cargo install --locked --git "https://github.com/$repo" "${ref[@]}" --root "$dir" debrief-cli
      fi
    fi
    echo "$dir/bin" >>"${GITHUB_PATH:-/dev/null}"
    "$dir/bin/$exe" --version
    ;;
  *)
    echo "usage: install.sh resolve|install" >&2
    exit 2
    ;;
esac
