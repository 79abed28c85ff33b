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
# shellcheck source=../../scripts/lib.sh
source "$HERE/../../scripts/lib.sh"

install_debian_packages chromium baresip-core iproute2 curl
npm_ci_unless_current "$HERE/browser" playwright-core
