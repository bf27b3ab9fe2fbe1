#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when it is missing: `pnpm test` runs this
# first, so a clean machine (CI) gets the browser from the project's own script. Test tools
# never download browsers. Where it cannot install (no apt-get, not root and no sudo), it says
# so and the browser tests skip with that reason.
set -uo pipefail
if [ -n "${CHROMIUM_PATH:-}" ] || command -v chromium >/dev/null 2>&1; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: no apt-get here; install Chromium and set CHROMIUM_PATH to run the browser tests" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "ensure-chromium: not root and no sudo; run 'apt-get install chromium' to run the browser tests" >&2
    exit 0
  fi
fi
echo "ensure-chromium: installing Debian's chromium for the browser tests" >&2
export DEBIAN_FRONTEND=noninteractive
if $SUDO apt-get install -y -qq chromium >/dev/null 2>&1 || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium >/dev/null; }; then
  chromium --version >&2
else
  echo "ensure-chromium: apt-get could not install chromium; the browser tests will skip" >&2
fi
exit 0
