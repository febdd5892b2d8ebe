#!/usr/bin/env bash
# Installs what dvcedu needs from the OS when it is missing: SoftHSM2 (the training token),
# OpenSC (pkcs11-tool, to look at the token with an independent tool), Python's venv, a
# monospace font with every Vietnamese letter (Noto Mono, see jupyter/README.md) and NSS's
# certutil (the browsers trust the practice plugin's loopback certificate; pdfsig's trust) and
# poppler's pdfsig (a second opinion on a signed PDF dossier). With the
# argument `test` it adds Chromium, which the browser suite drives (Playwright uses Debian's
# browser; it downloads none of its own), opencryptoki, a second PKCS#11 implementation the
# token tests also run on (tests/opencryptoki.py), and p11-kit's proxy module, a third case.
# As root it uses apt-get directly, otherwise sudo without a password prompt; without either it
# prints the exact command to run and stops.
set -euo pipefail

need=()
softhsm=""
for p in /usr/lib/softhsm/libsofthsm2.so /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so \
         /usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so /usr/lib64/pkcs11/libsofthsm2.so \
         /opt/homebrew/lib/softhsm/libsofthsm2.so /usr/local/lib/softhsm/libsofthsm2.so; do
  [ -f "$p" ] && softhsm="$p" && break
done
[ -n "$softhsm" ] || [ -n "${DVCEDU_PKCS11_MODULE:-}" ] || need+=(softhsm2)
command -v pkcs11-tool >/dev/null 2>&1 || need+=(opensc)
python3 -c "import ensurepip, venv" >/dev/null 2>&1 || need+=(python3-venv)
# certutil: `dvcedu plugin trust` puts the plugin's loopback CA in the browsers' NSS database
if [ "$(uname -s)" = Linux ] && command -v apt-get >/dev/null 2>&1; then
  command -v certutil >/dev/null 2>&1 || need+=(libnss3-tools)
  # pdfsig: poppler's independent check of a signed dossier (notebook "Ký hồ sơ")
  command -v pdfsig >/dev/null 2>&1 || need+=(poppler-utils)
fi
if command -v fc-list >/dev/null 2>&1; then
  [ -n "$(fc-list 'Noto Mono' family 2>/dev/null)" ] || need+=(fonts-noto-mono)
elif command -v apt-get >/dev/null 2>&1; then
  need+=(fonts-noto-mono fontconfig)
fi
if [ "${1:-}" = "test" ]; then
  command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
  if [ "$(uname -s)" = Linux ] && command -v apt-get >/dev/null 2>&1; then
    command -v pkcsslotd >/dev/null 2>&1 || need+=(opencryptoki)
    ls /usr/lib/*/p11-kit-proxy.so >/dev/null 2>&1 || need+=(p11-kit-modules)
  fi
fi

[ ${#need[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "dvcedu: thiếu / missing: ${need[*]}" >&2
  echo "  macOS:   brew install softhsm opensc; brew install --cask font-noto-sans-mono" >&2
  echo "  Fedora:  sudo dnf install softhsm opensc" >&2
  echo "  Windows: SoftHSM2-for-Windows installer, then set DVCEDU_PKCS11_MODULE (see README)" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo"
else
  echo "dvcedu: cần cài gói hệ thống / system packages needed: ${need[*]}" >&2
  echo "  Chạy lệnh sau rồi chạy lại / run this, then try again:" >&2
  echo "    sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "dvcedu: apt-get install ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${need[@]}" >/dev/null
