# One image for both processes of the stack (docker-compose.yml): the CMS backend and the
# decoupled frontend. Runtime dependencies only, run as an unprivileged user.
FROM python:3.11.14-slim-bookworm

# Whatever runs in the image (the backend, its worker, `docker run ... python manage.py ...`)
# uses the production settings unless told otherwise: manage.py and backend.wsgi fall back to
# the dev settings, which are for a developer's machine only. The site's entrypoint chooses
# the site's own production settings.
ENV DJANGO_SETTINGS_MODULE=backend.settings.production \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STATIC_ROOT=/app/staticfiles \
    FRONTEND_STATIC_ROOT=/app/frontend-static \
    MEDIA_ROOT=/data/media

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

# The code stays root-owned (read-only to the app); only static, media and page-file folders
# are its own (a named volume mounted on /data/page-files starts with this owner).
COPY . .
RUN mkdir -p "$STATIC_ROOT" "$FRONTEND_STATIC_ROOT" "$MEDIA_ROOT" /data/page-files \
    && chown app:app "$STATIC_ROOT" "$FRONTEND_STATIC_ROOT" "$MEDIA_ROOT" /data/page-files

USER app
EXPOSE 8000 8080
CMD ["deploy/backend-entrypoint.sh"]
