#!/usr/bin/env bash
# Installs Debian's Chromium (and its driver) for the browser tests, as root on
# Debian, if /usr/bin/chromium is missing. Playwright drives this browser
# (executable_path=/usr/bin/chromium); `playwright install` is never run, it
# would download a browser. Safe to run again. Progress goes to stderr; the
# last line on stdout is the browser's version.
set -euo pipefail

say() { echo "chromium.sh: $*" >&2; }
die() { say "$*"; exit 1; }
trap 'say "failed at line $LINENO: $BASH_COMMAND"' ERR

if [ ! -x /usr/bin/chromium ]; then
  [ "$(id -u)" -eq 0 ] || die "must run as root to install chromium (apt-get install -y chromium chromium-driver)"
  say "installing chromium from Debian packages"
  log=$(mktemp)
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium chromium-driver; } >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    die "apt-get could not install chromium"
  fi
  rm -f "$log"
fi
[ -x /usr/bin/chromium ] || die "chromium installed but /usr/bin/chromium is missing"
version=$(/usr/bin/chromium --headless --no-sandbox --version 2>/dev/null | tail -n1 || true)
[ -n "$version" ] || die "/usr/bin/chromium does not run"
say "ready: $version"
echo "$version"
