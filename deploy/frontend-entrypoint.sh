#!/bin/sh
# Start the public site in its container: collect its static files (hashed names for
# WhiteNoise), then hand the process over to gunicorn. The site has no database.
set -eu

# The image's default settings module is the backend's: the site runs its own production
# settings unless one of its modules was chosen.
case "${DJANGO_SETTINGS_MODULE:-}" in
  frontend_templates.settings.*) ;;
  *) export DJANGO_SETTINGS_MODULE=frontend_templates.settings.production ;;
esac

python -m django collectstatic --noinput --verbosity 0

exec gunicorn frontend_templates.wsgi \
  --bind "${GUNICORN_BIND:-0.0.0.0:8080}" \
  --threads "${WEB_THREADS:-1}" \
  --timeout 30 \
  --access-logfile - \
  --no-control-socket \
  --config deploy/gunicorn_conf.py
