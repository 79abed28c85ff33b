#!/usr/bin/env bash
# Builds a SIPp that can answer telcred's digest challenges, for bench/sip-bench.sh.
#
# Why: telcred's 401 carries two challenges, SHA-256 first and MD5 second (RFC 8760 order). SIPp
# answers the first one. Debian bookworm's sip-tester is SIPp 3.6.1, which knows only MD5 and
# AKAv1-MD5 and aborts every registration with "createAuthHeader: authentication must use MD5 or
# AKAv1-MD5". SHA-256 came in SIPp 3.7.3 (commit "Support SHA-256 algorithm (RFC 8760)") and needs
# the OpenSSL build ("SIPp v3.7.x-TLS-SHA256" in `sipp -v`).
#
#   bash bench/build-sipp.sh                  # clones SIPP_GIT at SIPP_TAG, builds, installs in the cache
#   SIPP_SRC=/path/to/sipp bash bench/build-sipp.sh     # builds a checkout or an unpacked release
#
# Settings: SIPP_TAG (default v3.7.7), SIPP_GIT (default https://github.com/SIPp/sipp.git), SIPP_SRC.
# Installs ${XDG_CACHE_HOME:-~/.cache}/telcred-bench/sipp-$SIPP_TAG/sipp, where sip-bench.sh looks.
# Needs cmake, g++, make, libssl-dev and libncurses-dev (installed with apt-get when missing).

set -euo pipefail

SIPP_TAG=${SIPP_TAG:-v3.7.7}
SIPP_GIT=${SIPP_GIT:-https://github.com/SIPp/sipp.git}
DEST="${XDG_CACHE_HOME:-$HOME/.cache}/telcred-bench/sipp-$SIPP_TAG"

log() { printf '[build-sipp] %s\n' "$*" >&2; }

missing=()
for tool in cmake g++ make pkg-config; do command -v "$tool" >/dev/null || missing+=("$tool"); done
dpkg -s libssl-dev >/dev/null 2>&1 || missing+=(libssl-dev)
dpkg -s libncurses-dev >/dev/null 2>&1 || missing+=(libncurses-dev)
if ((${#missing[@]})); then
    log "installing ${missing[*]} with apt-get"
    packages=("${missing[@]}")
    apt-get install -y "${packages[@]}" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "${packages[@]}" >/dev/null; }
fi

WORK=$(mktemp -d /tmp/build-sipp.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

if [[ -n ${SIPP_SRC:-} ]]; then
    if [[ -d $SIPP_SRC/.git || -f $SIPP_SRC/.git ]]; then
        git -C "$SIPP_SRC" archive "$SIPP_TAG" | tar -x -C "$WORK"
    else
        cp -r "$SIPP_SRC"/. "$WORK"/
    fi
else
    log "cloning $SIPP_GIT at $SIPP_TAG"
    git clone -q --depth 1 --branch "$SIPP_TAG" "$SIPP_GIT" "$WORK/clone"
    git -C "$WORK/clone" archive "$SIPP_TAG" | tar -x -C "$WORK"
    rm -rf "$WORK/clone"
fi
cd "$WORK"
# Outside a git checkout SIPp's build stops on its stub version.h: give it the tag.
if grep -q 'stub version.h' include/version.h 2>/dev/null; then
    sed "s/@VERSION@/$SIPP_TAG/" include/version.h.in >include/version.h
fi
mkdir -p build && cd build
log "building SIPp $SIPP_TAG with OpenSSL (for SHA-256 digests), without pcap, SCTP and GSL"
cmake .. -DUSE_SSL=1 -DUSE_PCAP=0 -DUSE_SCTP=0 -DUSE_GSL=0 -DCMAKE_BUILD_TYPE=Release >cmake.log 2>&1 || { tail -20 cmake.log >&2; exit 1; }
make -j"$(nproc)" sipp >make.log 2>&1 || { grep -m 10 -A 3 error make.log >&2; exit 1; }
[[ $(./sipp -v 2>&1 || true) == *SHA256* ]] || { log "the build has no SHA-256 support"; exit 1; }
mkdir -p "$DEST"
cp sipp "$DEST/sipp"
log "installed $DEST/sipp: $({ "$DEST/sipp" -v 2>&1 || true; } | grep -o 'SIPp v[^ ]*' | head -1)"
