#!/usr/bin/env bash
# Install what the test suite needs beyond Python packages: a Chromium for the browser tests.
# Debian's chromium package is used because browser downloads are not possible everywhere.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser tests..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing: install it (apt-get install chromium) to run the browser tests." >&2
    exit 1
  fi
fi
