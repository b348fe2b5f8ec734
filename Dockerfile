# The application image: web (gunicorn, the default command), worker and beat
# (compose.yaml overrides the command). Static files are collected at build
# time and served by whitenoise; uploads and generated reports live in /data.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    VAR_DIR=/data \
    MEDIA_ROOT=/data/media \
    STATIC_ROOT=/app/staticfiles \
    WEB_CONCURRENCY=4

# WeasyPrint's libraries (Pango, HarfBuzz), fonts with the Vietnamese glyphs the
# PDFs ask for (Liberation Serif, DejaVu Serif Condensed), msgfmt for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
        fonts-liberation fonts-dejavu-core fonts-dejavu-extra \
        gettext \
    && rm -rf /var/lib/apt/lists/*

# The runtime packages only: requirements.txt holds everything web, worker and beat import.
COPY requirements.txt constraints.txt /tmp/
RUN python -m venv "$VIRTUAL_ENV" \
    && pip install -r /tmp/requirements.txt -c /tmp/constraints.txt

WORKDIR /app
COPY . /app

# Build-time only values: production settings refuse to load without them; nothing
# here touches a database or a broker.
RUN SECRET_KEY=build-only-not-a-secret ALLOWED_HOSTS=localhost \
        python manage.py compilemessages -v0 \
    && SECRET_KEY=build-only-not-a-secret ALLOWED_HOSTS=localhost \
        python manage.py collectstatic --noinput -v0

RUN useradd --system --uid 10001 --user-group --home-dir /app --no-create-home inspection \
    && mkdir -p /data/media \
    && chown -R inspection:inspection /data
USER inspection
VOLUME ["/data"]
EXPOSE 8000

# Workers: WEB_CONCURRENCY (gunicorn reads it). TLS ends at the proxy, which must send X-Forwarded-Proto.
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--timeout", "120", \
     "--access-logfile", "-", "--error-logfile", "-"]
