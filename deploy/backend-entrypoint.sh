#!/bin/sh
# Start the CMS backend in its container: bring the database schema and the static files up to
# date, load the demo when LOAD_DEMO_CONTENT=1, then hand the process over to gunicorn.
set -eu

python manage.py migrate --noinput
python manage.py collectstatic --noinput --verbosity 0
if [ "${LOAD_DEMO_CONTENT:-0}" = "1" ]; then
  python manage.py load_demo_content
fi

exec gunicorn backend.wsgi \
  --bind "${GUNICORN_BIND:-0.0.0.0:8000}" \
  --workers "${WEB_CONCURRENCY:-3}" \
  --timeout 30 \
  --access-logfile - \
  --no-control-socket \
  --config deploy/gunicorn_conf.py
