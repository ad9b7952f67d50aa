#!/usr/bin/env bash
# Start the CMS backend and the public site (frontend) in the foreground; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
BACKEND_PORT=${BACKEND_PORT:-8000}
FRONTEND_PORT=${FRONTEND_PORT:-8080}

# Shared by both processes: publish notifications are signed with the webhook secret, and the
# client key exempts the site's own API requests from the per-IP rate limit.
export CMS_WEBHOOK_SECRET=${CMS_WEBHOOK_SECRET:-$($BIN/python -c 'import secrets; print(secrets.token_hex(32))')}
export API_TRUSTED_CLIENT_KEY=${API_TRUSTED_CLIENT_KEY:-$($BIN/python -c 'import secrets; print(secrets.token_hex(32))')}
export FRONTEND_URL=${FRONTEND_URL:-http://127.0.0.1:${FRONTEND_PORT}}
export FRONTEND_PURGE_URL=${FRONTEND_PURGE_URL:-http://127.0.0.1:${FRONTEND_PORT}/_cms/purge/}
# The site's page cache for this run (files shared by its workers; Redis when REDIS_URL is set).
cache_dir=$(mktemp -d "${TMPDIR:-/tmp}/massage-aha-site-cache.XXXXXX")

pids=()
stop() {
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$cache_dir"
}
trap stop INT TERM EXIT

$BIN/python manage.py runserver "127.0.0.1:${BACKEND_PORT}" &
pids+=($!)

DJANGO_SETTINGS_MODULE=frontend_templates.settings.dev \
  $BIN/python manage.py collectstatic --noinput --verbosity 0
DJANGO_SETTINGS_MODULE=frontend_templates.settings.dev \
  CMS_API_URL="http://127.0.0.1:${BACKEND_PORT}/api/v2/" \
  SITE_URL="${SITE_URL:-http://127.0.0.1:${FRONTEND_PORT}}" \
  FRONTEND_CACHE_DIR="$cache_dir" \
  $BIN/gunicorn frontend_templates.wsgi --bind "127.0.0.1:${FRONTEND_PORT}" --workers 2 \
  --timeout 30 --no-control-socket &
pids+=($!)

echo
echo "  Site:    http://127.0.0.1:${FRONTEND_PORT}/"
echo "  Admin:   http://127.0.0.1:${BACKEND_PORT}/admin/   (user: admin)"
echo "  API:     http://127.0.0.1:${BACKEND_PORT}/api/v2/"
echo "  Ctrl-C stops everything."
echo
wait -n "${pids[@]}"
