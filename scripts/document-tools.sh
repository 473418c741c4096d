# Sourced by test-setup.sh and dev.sh: what the workers' public copies of released documents
# run (src/public-copies/): OCRmyPDF (it straightens scanned pages), Tesseract with
# its English, Arabic and Arabic script models, and LibreOffice without its desktop (office
# files to PDF, sheets to CSV). Installed with apt-get, in one go, when any is missing; the
# Dockerfile installs the same packages.
. scripts/debian-package.sh
missing=""
command -v ocrmypdf >/dev/null 2>&1 || missing="$missing ocrmypdf"
command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-writer-nogui libreoffice-calc-nogui"
models=$(tesseract --list-langs 2>/dev/null || true)
for pair in eng:tesseract-ocr-eng ara:tesseract-ocr-ara Arabic:tesseract-ocr-script-arab; do
  printf '%s\n' "$models" | grep -qx "${pair%%:*}" || missing="$missing ${pair#*:}"
done
[ -z "$missing" ] || install_debian_packages $missing
