#!/usr/bin/env bash
# Installs what it/rtc/run.sh needs, skipping whatever is already there (safe to run again):
#   - Debian packages: chromium, curl, openssl, iproute2 (run.sh brings up loopback in a network namespace of its own),
#     rtpengine-daemon (the media relay between a browser and a plain-RTP phone, userspace only) and
#     baresip-core (that phone)
#   - npm modules of it/rtc/browser (@telnyx/webrtc and playwright-core, exact versions from the lock file).
# playwright-core never downloads a browser: the test drives the Debian chromium.
# Needs root (or sudo) for apt-get, and Node 20 with npm.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PACKAGES=(chromium curl iproute2 openssl rtpengine-daemon baresip-core)

missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if (( ${#missing[@]} > 0 )); then
    SUDO=""
    (( EUID == 0 )) || SUDO="sudo"
    echo "install.sh: apt-get install ${missing[*]}"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
else
    echo "install.sh: Debian packages already installed"
fi

cd "$HERE/browser"
if [[ -f node_modules/@telnyx/webrtc/lib/bundle.js && -d node_modules/playwright-core ]] \
    && [[ node_modules/.package-lock.json -nt package-lock.json ]]; then
    echo "install.sh: browser/node_modules up to date"
else
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi
