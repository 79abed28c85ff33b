#!/usr/bin/env bash
# Installs what it/sip/run.sh needs, skipping whatever is already there (safe to run again):
#   - Debian packages: sip-tester (SIPp), baresip-core, chromium, openssl, curl
#   - npm modules of it/sip/sipjs (sip.js and playwright-core, exact versions from the lock file).
# playwright-core never downloads a browser: the tests drive the Debian chromium.
# Needs root (or sudo) for apt-get, and Node 20 with npm.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PACKAGES=(sip-tester baresip-core chromium openssl curl)

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

cd "$HERE/sipjs"
if [[ -d node_modules/sip.js && -d node_modules/playwright-core ]] \
    && [[ node_modules/.package-lock.json -nt package-lock.json ]]; then
    echo "install.sh: sipjs/node_modules up to date"
else
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi
