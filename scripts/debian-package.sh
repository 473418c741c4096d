# Sourced by the scripts that need a Debian package's command (chromium.sh, age.sh,
# document-tools.sh): `need_debian_package COMMAND PACKAGE` installs PACKAGE with apt-get
# when COMMAND is missing; `install_debian_packages PACKAGE…` installs them (as root, or
# through sudo), or stops with what to do.
install_debian_packages() {
  echo "installing Debian's $* (apt-get)…" >&2
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "no apt-get here; install $* by hand" >&2
    exit 1
  fi
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  started=$(date +%s)
  $SUDO apt-get update -qq >/dev/null &&
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null ||
    { echo "apt-get install $* failed" >&2; exit 1; }
  echo "$*: installed in $(( $(date +%s) - started )) s" >&2
}

need_debian_package() {
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "$1: not found" >&2
  install_debian_packages "$2"
}
