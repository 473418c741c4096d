# Sourced by the scripts that need a Debian package's command (chromium.sh, age.sh):
# `need_debian_package COMMAND PACKAGE` installs PACKAGE with apt-get when COMMAND is
# missing (as root, or through sudo), or stops with what to do.
need_debian_package() {
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "$1: not found; installing Debian's package $2 (apt-get)…" >&2
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "$1: no apt-get here; install $2 by hand" >&2
    exit 1
  fi
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  started=$(date +%s)
  $SUDO apt-get update -qq >/dev/null &&
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$2" >/dev/null ||
    { echo "$1: apt-get install $2 failed" >&2; exit 1; }
  echo "$1: installed in $(( $(date +%s) - started )) s" >&2
}
