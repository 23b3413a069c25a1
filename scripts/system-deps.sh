#!/usr/bin/env bash
# Installs the Debian packages the test suite needs when they are missing: Chromium (browser tests),
# nats-server (regional sharing), OCR-B and Arabic fonts (document images, PDFs, screenshots).
# As root it installs them; otherwise it prints the command to run.
set -euo pipefail
wanted=(chromium nats-server fonts-ocr-b fonts-noto-core fonts-dejavu-core)
need=()
for package in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || need+=("$package")
done
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ]; then
  echo "system-deps: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "system-deps: missing ${need[*]}; run: sudo apt-get install -y ${need[*]}" >&2
fi
