#!/usr/bin/env bash
# Installs what it/rtc/run.sh needs, skipping whatever is already there (safe to run again):
#   - Debian packages: chromium, curl, openssl, iproute2 (run.sh brings up loopback in a network namespace of its own),
#     rtpengine-daemon (the media relay between a browser and a plain-RTP phone, userspace only) and
#     baresip-core (that phone)
#   - npm modules of it/rtc/browser (@telnyx/webrtc, playwright-core and the telnyx SDK of the call-centre backend,
#     exact versions from the lock file).
# playwright-core never downloads a browser: the test drives the Debian chromium.
# Needs root (or sudo) for apt-get, and Node 20 with npm.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../../scripts/lib.sh
source "$HERE/../../scripts/lib.sh"

install_debian_packages chromium curl iproute2 openssl rtpengine-daemon baresip-core
npm_ci_unless_current "$HERE/browser" @telnyx/webrtc/lib/bundle.js playwright-core telnyx
