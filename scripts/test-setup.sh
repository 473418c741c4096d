# Sourced by test.sh and test-only.sh: the dependencies and Node 24, the services (their URLs
# exported), Debian's Chromium for the browser tests, age for the backup tests and the
# document tools (OCR) for the public copies.
. scripts/bootstrap.sh
. scripts/with-services.sh
. scripts/chromium.sh
. scripts/age.sh
. scripts/document-tools.sh
