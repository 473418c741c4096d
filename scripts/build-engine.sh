#!/usr/bin/env bash
# Builds the local document engine (../shared/FERRETDB.md): PostgreSQL 15 with the
# pg_cron 1.6.3, pgvector 0.8.0 and DocumentDB 0.107 extensions built from their
# source tarballs, and FerretDB v2.7.0 from its Go module into .tools/bin/ferretdb.
#
# Every piece is skipped when it is already built on this machine: the extensions
# are checked against a stamp in the cache (HAQQ_CACHE_DIR, default ~/.cache/haqq)
# holding the SHA-256 of the tarball they came from and of the library installed,
# and the FerretDB binary is copied from the cache. A second run takes a second.
#
# The tarballs are read from HAQQ_VENDOR_DIR (default ../shared/vendor) and must
# match the SHA-256 sums below, whatever directory holds them.
#
# On any failure it stops with one message naming the step and the alternatives.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

FERRETDB_VERSION=v2.7.0
PG_MAJOR=15
PG_BIN=/usr/lib/postgresql/$PG_MAJOR/bin
declare -A SHA256=(
  [documentdb-0.107.0-ferretdb.tar.gz]=3196aeefe1214d3a90a8f7407733fe205ad0b078a2deaf1b06dffb647feec0b9
  [pg_cron-1.6.3.tar.gz]=3580f4034021e62e459f9f7ab1f625774bfc534a9256844545da85d6f99c2f5b
  [pgvector-0.8.0.tar.gz]=93df40ccdaaaa267d1275c1e6e773004a0e5ff8e14227934a4ec7e8205d0f608
)
PACKAGES=(
  postgresql-$PG_MAJOR postgresql-server-dev-$PG_MAJOR postgresql-$PG_MAJOR-postgis-3
  postgresql-$PG_MAJOR-rum libbson-dev libpcre2-dev libintelrdfpmath-dev libicu-dev libkrb5-dev
  build-essential pkg-config
  # The high-availability profile (scripts/ha-postgres.ts): pg_auto_failover.
  postgresql-$PG_MAJOR-auto-failover
)

vendor="${HAQQ_VENDOR_DIR:-$root/../shared/vendor}"
cache="${HAQQ_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/haqq}"
stamps="$cache/engine"
bin="$root/.tools/bin/ferretdb"
log="$root/.run/engine-build.log"
mkdir -p "$root/.run" "$stamps" "$root/.tools/bin"
: >"$log"

step="start"
work=""
fail() {
  local why=$1
  {
    echo "build-engine: FAILED at step \"$step\": $why"
    if [ -s "$log" ]; then
      echo "build-engine: last lines of $log:"
      tail -n 15 "$log" | sed 's/^/  | /'
    fi
    echo "build-engine: alternatives: set MONGODB_URI to a MongoDB 7+ server that answers (it always"
    echo "  wins), or run MongoDB and Redis from compose.yaml (docker compose --profile dev up -d)."
  } >&2
  exit 1
}
trap '[ -n "$work" ] && rm -rf "$work"' EXIT
trap 'fail "a command exited with status $?"' ERR

# Root runs as is; anyone else needs sudo for apt-get and `make install`.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi
}
say() { echo "build-engine: $*" >&2; }
sha_of() { sha256sum "$1" | cut -d' ' -f1; }

step="check the platform"
[ -r /etc/debian_version ] && command -v apt-get >/dev/null ||
  fail "this is not a Debian system with apt-get: the engine is built from Debian's PostgreSQL $PG_MAJOR packages"
if [ "$(id -u)" != 0 ] && ! sudo -n true 2>/dev/null; then
  fail "not root and no password-less sudo: installing packages and extensions needs root"
fi

step="install the Debian packages"
missing=()
for p in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null) || status=none
  [ "$status" = installed ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${#missing[@]} Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq >>"$log" 2>&1 || fail "apt-get update failed"
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$log" 2>&1 ||
    fail "apt-get install ${missing[*]} failed (no PostgreSQL $PG_MAJOR packages on this release?)"
fi
[ -x "$PG_BIN/pg_config" ] || fail "$PG_BIN/pg_config is missing after the install"
PKGLIBDIR=$("$PG_BIN/pg_config" --pkglibdir)

# name of the tarball, its top directory, the library it installs, the build command
installed_matches() {
  local tarball=$1 library=$2 stamp="$stamps/${1%.tar.gz}.stamp"
  [ -f "$stamp" ] && [ -f "$PKGLIBDIR/$library" ] || return 1
  [ "$(cat "$stamp")" = "${SHA256[$tarball]} $(sha_of "$PKGLIBDIR/$library")" ]
}

unpack() {
  local tarball=$1
  step="check the source tarball $tarball"
  [ -f "$vendor/$tarball" ] ||
    fail "$vendor/$tarball is missing: set HAQQ_VENDOR_DIR to a directory holding it (see docs/development.md)"
  [ "$(sha_of "$vendor/$tarball")" = "${SHA256[$tarball]}" ] ||
    fail "$vendor/$tarball does not have the expected SHA-256 ${SHA256[$tarball]}"
  [ -n "$work" ] || work=$(mktemp -d "$stamps/build.XXXXXX")
  tar -xzf "$vendor/$tarball" -C "$work"
}

remember() {
  echo "${SHA256[$1]} $(sha_of "$PKGLIBDIR/$2")" >"$stamps/${1%.tar.gz}.stamp"
}

export PG_CONFIG="$PG_BIN/pg_config"
build_extension() {
  local tarball=$1 library=$2
  shift 2
  if installed_matches "$tarball" "$library"; then return 0; fi
  unpack "$tarball"
  step="build and install ${tarball%.tar.gz}"
  say "building ${tarball%.tar.gz} (log: .run/engine-build.log)"
  local started=$SECONDS
  "$@" >>"$log" 2>&1 || fail "the build of ${tarball%.tar.gz} failed"
  remember "$tarball" "$library"
  say "built ${tarball%.tar.gz} in $((SECONDS - started)) s"
}

make_cron() {
  make -C "$work/pg_cron-1.6.3" with_llvm=no &&
    as_root make -C "$work/pg_cron-1.6.3" install with_llvm=no PG_CONFIG="$PG_CONFIG"
}
make_vector() {
  make -C "$work/pgvector-0.8.0" with_llvm=no OPTFLAGS= &&
    as_root make -C "$work/pgvector-0.8.0" install with_llvm=no PG_CONFIG="$PG_CONFIG"
}
make_documentdb() {
  # DocumentDB's Makefile asks pkg-config for "intelmathlib"; Debian ships the
  # library without a .pc file. Debian 12's libbson (1.23) lacks
  # BSON_SUBTYPE_SENSITIVE (8), which this DocumentDB names.
  local pc="$work/pkgconfig" jobs
  jobs=$(nproc 2>/dev/null || echo 2)
  mkdir -p "$pc"
  cat >"$pc/intelmathlib.pc" <<'EOF'
Name: intelmathlib
Description: Intel decimal floating-point library
Version: 2.0u2
Cflags: -I/usr/include
Libs: /usr/lib/x86_64-linux-gnu/libbidgcc000.a
EOF
  local flags=(with_llvm=no "COPT=-DBSON_SUBTYPE_SENSITIVE=8 -Wno-switch")
  for d in pg_documentdb_core pg_documentdb; do
    PKG_CONFIG_PATH="$pc" make -C "$work/documentdb-0.107.0-ferretdb/$d" -j"$jobs" "${flags[@]}" &&
      as_root env PKG_CONFIG_PATH="$pc" make -C "$work/documentdb-0.107.0-ferretdb/$d" install \
        "${flags[@]}" PG_CONFIG="$PG_CONFIG" || return 1
  done
}

build_extension pg_cron-1.6.3.tar.gz pg_cron.so make_cron
build_extension pgvector-0.8.0.tar.gz vector.so make_vector
build_extension documentdb-0.107.0-ferretdb.tar.gz pg_documentdb.so make_documentdb

step="build FerretDB $FERRETDB_VERSION"
works() {
  [ -x "$1" ] || return 1
  local out
  out=$("$1" --version 2>/dev/null) || return 1
  case "$out" in *"version: $FERRETDB_VERSION"*) return 0 ;; *) return 1 ;; esac
}
cached="$cache/ferretdb-$FERRETDB_VERSION"
if ! works "$bin"; then
  if works "$cached"; then
    cp "$cached" "$bin"
  else
    command -v go >/dev/null || fail "Go is required to build FerretDB (https://go.dev/dl)"
    say "building FerretDB $FERRETDB_VERSION from its Go module (first time: about a minute)"
    started=$SECONDS
    [ -n "$work" ] || work=$(mktemp -d "$stamps/build.XXXXXX")
    dir=$(go mod download -json "github.com/FerretDB/FerretDB/v2@$FERRETDB_VERSION" 2>>"$log" |
      sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    [ -n "$dir" ] || fail "go mod download gave no source directory"
    cp -r "$dir" "$work/ferretdb"
    chmod -R u+w "$work/ferretdb"
    # build/version demands a generated version file, or the binary panics at start.
    echo "$FERRETDB_VERSION" >"$work/ferretdb/build/version/version.txt"
    (cd "$work/ferretdb" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -o "$bin.tmp" ./cmd/ferretdb) \
      >>"$log" 2>&1 || fail "go build failed"
    mv "$bin.tmp" "$bin"
    works "$bin" || fail "the built binary does not report $FERRETDB_VERSION"
    cp "$bin" "$cached.tmp" && mv "$cached.tmp" "$cached"
    say "built FerretDB $FERRETDB_VERSION in $((SECONDS - started)) s"
  fi
fi
