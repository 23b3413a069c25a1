#!/usr/bin/env bash
# Installs the Debian packages the test suite needs when they are missing.
# As root it installs them; otherwise it prints the command to run.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ] || need+=(nats-server)
[ -d /usr/share/fonts/truetype/ocr-b ] || ls /usr/share/fonts/*/*ocr* >/dev/null 2>&1 || need+=(fonts-ocr-b)
fc-list 2>/dev/null | grep -qi 'noto.*arab\|dejavu' || need+=(fonts-noto-core fonts-dejavu-core)
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
