#!/usr/bin/env bash
# Install the headless browser the console test drives: Debian's chromium and
# chromium-driver, plus small Chinese and Thai fonts so buyers' messages are
# legible in the test's screenshot. From the system's apt sources only: never a
# browser downloaded from anywhere else. Selenium is pointed at /usr/bin/chromium
# and /usr/bin/chromedriver, so selenium-manager has nothing to fetch either.
# Idempotent: does nothing when everything is already installed.
set -euo pipefail

PACKAGES=(chromium chromium-driver fonts-wqy-microhei fonts-tlwg-loma)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

missing=()
for package in "${PACKAGES[@]}"; do
  installed "$package" || missing+=("$package")
done
have_browser() { [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; }

if have_browser && [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

# Only the fonts missing and no way to install them: the test still runs, the
# screenshot shows boxes for Chinese and Thai text.
cannot_install() {
  echo "install-browser: $1; install them with: apt-get install ${PACKAGES[*]}" >&2
  if have_browser; then exit 0; fi
  exit 1
}

command -v apt-get >/dev/null 2>&1 || cannot_install "no apt-get here to install ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || cannot_install "${missing[*]} missing and this user cannot run apt-get"
  SUDO="sudo"
fi

echo "Installing from apt: ${missing[*]:-chromium chromium-driver}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null

for binary in /usr/bin/chromium /usr/bin/chromedriver; do
  if [ ! -x "$binary" ]; then
    echo "install-browser: $binary is still missing after apt-get install" >&2
    exit 1
  fi
done
echo "$(/usr/bin/chromium --version 2>/dev/null || echo chromium) and $(/usr/bin/chromedriver --version | head -n 1) ready."
