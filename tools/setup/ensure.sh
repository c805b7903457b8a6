#!/usr/bin/env bash
# Installs what a make target needs, only when it is missing:
#   npm packages (npm ci from the lockfile when node_modules is absent or older than it; never
#   through a node_modules symlink: that is a shared install, owned elsewhere),
#   Debian packages named as arguments (apt-get, as root or through sudo).
# Usage: tools/setup/ensure.sh [debian-package ...]
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ -L node_modules ]; then
  # A shared install (a symlink to another checkout's node_modules): npm ci here would empty the
  # other checkout's folder through the link. Leave it to its owner.
  [ -d node_modules/ ] || { echo "warning-bell: node_modules is a symlink to a missing folder ($(readlink node_modules)): run npm ci there" >&2; exit 1; }
elif [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "warning-bell: installing npm packages (npm ci)..." >&2
  npm ci --no-audit --no-fund >&2
fi

missing=()
for pkg in "$@"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "warning-bell: installing Debian packages: ${missing[*]}" >&2
  # Other checkouts on this machine may be installing at the same time: wait for the dpkg lock.
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
