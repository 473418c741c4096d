# Sourced by test.sh: the browser the end-to-end tests drive (test/e2e/). Debian's
# `chromium`, installed with apt-get when missing (playwright-core never downloads
# one). CHROMIUM_PATH may name another Chromium or Chrome instead.
. scripts/debian-package.sh
if [ -z "${CHROMIUM_PATH:-}" ]; then
  need_debian_package chromium chromium
  CHROMIUM_PATH=$(command -v chromium)
fi
export CHROMIUM_PATH
