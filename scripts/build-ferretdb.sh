#!/usr/bin/env bash
# Builds FerretDB v1.24.2 from its Go module source into .tools/bin/ferretdb,
# following ../shared/FERRETDB.md: a plain `go install` yields a binary that
# panics at start because build/version demands a generated version.txt.
# Reuses the binary when it is already there and answers --version.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"
version=v1.24.2
bin="$tools/bin/ferretdb"

# A binary built by an earlier run on this machine (another clone, or CI) is
# kept in a cache outside the project and copied in.
cache="${HAQQ_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/haqq}"
cached="$cache/ferretdb-$version"
# (No pipes into grep -q or head here: with pipefail, their early exit is a SIGPIPE failure.)
works() {
  [ -x "$1" ] || return 1
  local out
  out=$("$1" --version 2>/dev/null) || return 1
  case "$out" in *"version: $version"*) return 0 ;; *) return 1 ;; esac
}

if works "$bin"; then exit 0; fi
if works "$cached"; then
  mkdir -p "$tools/bin" && cp "$cached" "$bin"
  exit 0
fi
command -v go >/dev/null || { echo "build-ferretdb: Go is required (https://go.dev/dl)" >&2; exit 1; }
mkdir -p "$tools/bin"
echo "build-ferretdb: building FerretDB $version (first time: about a minute)" >&2
dir=$(go mod download -json "github.com/FerretDB/FerretDB@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -n "$dir" ] || { echo "build-ferretdb: go mod download gave no source directory" >&2; exit 1; }
rm -rf "$tools/ferretdb-src"
cp -r "$dir" "$tools/ferretdb-src"
chmod -R u+w "$tools/ferretdb-src"
echo "$version" > "$tools/ferretdb-src/build/version/version.txt"
(cd "$tools/ferretdb-src" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -o "$bin.tmp" ./cmd/ferretdb)
mv "$bin.tmp" "$bin"
rm -rf "$tools/ferretdb-src"
works "$bin" || { echo "build-ferretdb: the built binary does not report $version" >&2; exit 1; }
echo "build-ferretdb: built $("$bin" --version 2>/dev/null | sed -n 1p)" >&2
mkdir -p "$cache" && cp "$bin" "$cached" || true
