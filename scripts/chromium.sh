#!/usr/bin/env bash
# Prints the path of the Chromium the browser tests use (`make test`), installing it when it can.
# Order: $CHROMIUM_PATH when set; a chromium on PATH; as root on Debian/Ubuntu: apt-get install chromium;
# otherwise one line on stderr saying what to install, and exit 1 (the browser tests are never skipped).
set -uo pipefail
if [[ -n "${CHROMIUM_PATH:-}" ]]; then
  if [[ -x "$CHROMIUM_PATH" ]]; then echo "$CHROMIUM_PATH"; exit 0; fi
  echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file" >&2; exit 1
fi
vind() { command -v chromium || command -v chromium-browser; }
if pad=$(vind); then echo "$pad"; exit 0; fi
if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
  echo "Chromium not found: installing it with apt-get (for the browser tests)" >&2
  if apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2 && pad=$(vind); then
    echo "$pad"; exit 0
  fi
  echo "apt-get could not install chromium; install it by hand or set CHROMIUM_PATH" >&2; exit 1
fi
echo "make test needs Chromium for its browser tests: install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH=/path/to/chromium" >&2
exit 1
