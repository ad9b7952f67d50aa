#!/usr/bin/env bash
# Install what the test suite needs beyond Python packages: a Chromium for the browser tests,
# and Java plus the Nu HTML Checker for the HTML validity tests.
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

# The Nu HTML Checker (vnu.jar, from npm) validates the site's pages; it runs on Java.
if ! command -v java >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing a Java runtime for the HTML checker..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
  else
    echo "Java is missing: install it (apt-get install default-jre-headless) to validate HTML." >&2
    exit 1
  fi
fi
# Debian's nginx for the proxy tests, which start their own (deploy/nginx_config.py): the
# package's system service is stopped and kept from starting at boot.
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's nginx for the proxy tests..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
    service nginx stop >/dev/null 2>&1 || true
    systemctl disable nginx >/dev/null 2>&1 || update-rc.d nginx disable >/dev/null 2>&1 || true
  else
    echo "nginx is missing: install it (apt-get install nginx) to run the proxy tests." >&2
    exit 1
  fi
fi
cd "$(dirname "$0")/.."
if [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ]; then
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi
