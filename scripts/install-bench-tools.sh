#!/usr/bin/env bash
# Install what `make bench` needs beyond Python packages: the load generator (wrk) and the
# proxy the site is measured behind (nginx, which the bench starts itself through
# deploy/nginx_config.py: the package's system service is stopped and kept from starting).
set -euo pipefail
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing for the benchmark: ${missing[*]} (apt-get install ${missing[*]})." >&2
  exit 1
fi
echo "Installing Debian's ${missing[*]} for the benchmark..."
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
if [[ " ${missing[*]} " == *" nginx "* ]]; then
  service nginx stop >/dev/null 2>&1 || true
  systemctl disable nginx >/dev/null 2>&1 || update-rc.d nginx disable >/dev/null 2>&1 || true
fi
