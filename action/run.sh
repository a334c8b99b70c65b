#!/usr/bin/env bash
# The debrief GitHub Action's last step (action.yml), also runnable by hand and tested by
# crates/cli/tests/publishing.rs: runs `debrief check` (workflow annotations on the diff)
# or `debrief check` then `debrief build`.
#
# Environment: DEBRIEF_BIN (default: debrief on PATH), DEBRIEF_COMMAND (check | build),
# DEBRIEF_ROOT (folder holding debrief.toml), DEBRIEF_BASE_URL, DEBRIEF_PREVIEW and
# DEBRIEF_PRECOMPRESS (true | false).
set -euo pipefail

bin="${DEBRIEF_BIN:-debrief}"
root="${DEBRIEF_ROOT:-.}"
command="${DEBRIEF_COMMAND:-check}"

# Annotations name files relative to the site root; GitHub wants them relative to the
# repository (the working directory), so a root other than `.` is put in front.
prefix="${root%/}"
prefix="${prefix#./}"
annotate() {
  if [[ -z "$prefix" || "$prefix" == "." ]]; then
    cat
  else
    sed -E "s#^(::(error|warning|notice) file=)#\\1${prefix//#/\\#}/#"
  fi
}

check() {
  echo "debrief check --root $root --format github" >&2
  "$bin" check --root "$root" --format github | annotate
}

case "$command" in
  check)
    check
    ;;
  build)
    check
    args=(build --root "$root")
    if [[ -n "${DEBRIEF_BASE_URL:-}" ]]; then
      args+=(--base-url "$DEBRIEF_BASE_URL")
    fi
    if [[ "${DEBRIEF_PREVIEW:-false}" == "true" ]]; then
      args+=(--preview)
    fi
    if [[ "${DEBRIEF_PRECOMPRESS:-false}" == "true" ]]; then
      args+=(--precompress)
    fi
    echo "debrief ${args[*]}" >&2
    "$bin" "${args[@]}"
    ;;
  *)
    echo "::error title=debrief::unknown command \`$command\`: use check or build"
    exit 2
    ;;
esac
