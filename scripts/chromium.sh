# Sourced by test.sh: the browser the end-to-end tests drive (test/e2e/). Debian's
# `chromium`, installed with apt-get when missing (playwright-core never downloads
# one). CHROMIUM_PATH may name another Chromium or Chrome instead.
if [ -z "${CHROMIUM_PATH:-}" ]; then
  if ! command -v chromium >/dev/null 2>&1; then
    echo "chromium: not found; installing Debian's package (apt-get)…" >&2
    if ! command -v apt-get >/dev/null 2>&1; then
      echo "chromium: no apt-get here; install Chromium and set CHROMIUM_PATH" >&2
      exit 1
    fi
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    started=$(date +%s)
    $SUDO apt-get update -qq >/dev/null &&
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null ||
      { echo "chromium: apt-get install chromium failed; set CHROMIUM_PATH to a Chromium" >&2; exit 1; }
    echo "chromium: installed in $(( $(date +%s) - started )) s" >&2
  fi
  CHROMIUM_PATH=$(command -v chromium)
fi
export CHROMIUM_PATH
