#!/usr/bin/env bash
# Installs what it/portal/run.sh needs, skipping whatever is already there (safe to run again):
#   - Debian packages: chromium (the browser the pages are tested in), baresip-core (the softphone
#     that registers with a connection made in the portal), iproute2 (run.sh brings up loopback in a
#     network namespace of its own), curl
#   - npm modules of it/portal/browser (playwright-core, exact version from the lock file); it never
#     downloads a browser: the test drives the Debian chromium.
# Needs root (or sudo) for apt-get, and Node 20 with npm.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PACKAGES=(chromium baresip-core iproute2 curl)

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
if [[ -d node_modules/playwright-core && node_modules/.package-lock.json -nt package-lock.json ]]; then
    echo "install.sh: browser/node_modules up to date"
else
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi
