# Sourced by test.sh: Debian's `age`, which the backup test uses to show that an
# encrypted archive opens without Haqq (test/integration/backup-encryption.test.ts).
# Installed with apt-get when missing.
if ! command -v age >/dev/null 2>&1; then
  echo "age: not found; installing Debian's package (apt-get)…" >&2
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "age: no apt-get here; install age (https://age-encryption.org)" >&2
    exit 1
  fi
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get install -y -qq --no-install-recommends age >/dev/null 2>&1 ||
    { $SUDO apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends age >/dev/null; } ||
    { echo "age: apt-get install age failed" >&2; exit 1; }
fi
