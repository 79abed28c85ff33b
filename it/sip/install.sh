#!/usr/bin/env bash
# Installs what it/sip/run.sh needs, skipping whatever is already there (safe to run again):
#   - Debian packages: sip-tester (SIPp), baresip-core, chromium, openssl, curl
#   - npm modules of it/sip/sipjs (sip.js and playwright-core, exact versions from the lock file).
# playwright-core never downloads a browser: the tests drive the Debian chromium.
# Needs root (or sudo) for apt-get, and Node 20 with npm.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../../scripts/lib.sh
source "$HERE/../../scripts/lib.sh"

install_debian_packages sip-tester baresip-core chromium openssl curl
npm_ci_unless_current "$HERE/sipjs" sip.js playwright-core
