#!/usr/bin/env bash
# Install the pinned policy tools (OPA, Regal, Conftest) into .tools/bin from the Go module proxy.
#
# Each tool is pinned by its own module under .ci/tools/<name>/ (go.mod `tool` directive plus
# go.sum), so the version and every dependency hash are reviewed in git, and `go install tool`
# builds exactly that. A module per tool keeps each tool on the dependency versions its authors
# released it with (Regal and Conftest embed older OPA versions than the OPA we pin).
# Go's module and build caches make a second run on the same machine take a second or two; a
# fresh machine builds all three in about two minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v go >/dev/null 2>&1; then
  echo "install-tools: the Go toolchain (go) is required: https://go.dev/doc/install" >&2
  exit 1
fi
bin="$PWD/.tools/bin"
mkdir -p "$bin"
tools="${*:-opa regal conftest}"
for tool in $tools; do
  if [ ! -f ".ci/tools/$tool/go.mod" ]; then
    echo "install-tools: no pinned module for '$tool' in .ci/tools/" >&2
    exit 1
  fi
  (cd ".ci/tools/$tool" && GOBIN="$bin" go install tool)
  echo "install-tools: $tool -> $bin/$tool"
done
