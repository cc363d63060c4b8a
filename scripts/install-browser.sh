#!/usr/bin/env bash
# Install the headless browser the console test drives: Debian's chromium and
# chromium-driver, from the system's apt sources only. Selenium is pointed at
# /usr/bin/chromium and /usr/bin/chromedriver, so nothing is ever downloaded by
# selenium-manager. Idempotent: does nothing when both are already there.
set -euo pipefail

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "install-browser: chromium is missing and this user cannot run apt-get (no root, no sudo)." >&2
    echo "Install it with: apt-get install chromium chromium-driver" >&2
    exit 1
  fi
fi

echo "Installing Debian's chromium and chromium-driver (apt-get)..."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null

for binary in /usr/bin/chromium /usr/bin/chromedriver; do
  if [ ! -x "$binary" ]; then
    echo "install-browser: $binary is still missing after apt-get install" >&2
    exit 1
  fi
done
echo "$(/usr/bin/chromium --version 2>/dev/null || echo chromium) and $(/usr/bin/chromedriver --version | head -n 1) ready."
