#!/usr/bin/env bash
# Installs the Debian packages manju uses (voices, fonts, the browser the studio tests drive)
# when running as root; otherwise says which are missing. Safe to run repeatedly: does nothing
# when all are present.
set -euo pipefail
PKGS=(espeak-ng fonts-wqy-microhei fonts-comic-neue fonts-noto-color-emoji tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim chromium)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "warning: missing Debian packages (install them as root): ${missing[*]}" >&2
fi
