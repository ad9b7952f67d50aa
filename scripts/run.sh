#!/usr/bin/env bash
# Start the CMS backend (and the frontend, when present) in the foreground; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
BACKEND_PORT=${BACKEND_PORT:-8000}
FRONTEND_PORT=${FRONTEND_PORT:-8080}

pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop INT TERM EXIT

$BIN/python manage.py runserver "127.0.0.1:${BACKEND_PORT}" &
pids+=($!)

echo
echo "  Admin:   http://127.0.0.1:${BACKEND_PORT}/admin/   (user: admin)"
echo "  API:     http://127.0.0.1:${BACKEND_PORT}/api/v2/"
echo "  Ctrl-C stops everything."
echo
wait -n "${pids[@]}"
