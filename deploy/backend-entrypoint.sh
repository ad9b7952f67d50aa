#!/bin/sh
# Start the CMS backend in its container: bring the database schema and the static files up to
# date, load the demo when LOAD_DEMO_CONTENT=1, then hand the process over to gunicorn.
set -eu

python manage.py migrate --noinput
python manage.py collectstatic --noinput --verbosity 0
if [ "${LOAD_DEMO_CONTENT:-0}" = "1" ]; then
  python manage.py load_demo_content
fi

# Threads: the backend answers the site's API calls while it tells the site about a publish.
exec gunicorn backend.wsgi \
  --bind "${GUNICORN_BIND:-0.0.0.0:8000}" \
  --threads "${WEB_THREADS:-4}" \
  --timeout 30 \
  --access-logfile - \
  --no-control-socket \
  --config deploy/gunicorn_conf.py
