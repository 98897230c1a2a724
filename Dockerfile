# The portal's image: web (gunicorn), Celery worker and Celery beat all run from it.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's libraries (Pango, HarfBuzz, fontconfig); gettext compiles the translations. No
# fonts: the portal's come from PyPI (pyproject.toml, core/fonts.py). The same packages as
# bin/system-deps, but for Chromium, which only the tests use.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 \
        gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them.
COPY pyproject.toml ./
RUN pip install '.[s3]'  # boto3 too: STORAGE_BACKEND=s3 works in the image

COPY . .
RUN if [ -d locale ]; then DEBUG=true python manage.py compilemessages; fi \
    && useradd --create-home --uid 1000 ascn \
    && mkdir -p /app/var/media /app/staticfiles \
    && chown -R ascn /app/var /app/staticfiles

USER ascn
ENV ASCN_VAR_DIR=/app/var \
    MEDIA_ROOT=/app/var/media \
    STATIC_ROOT=/app/staticfiles

EXPOSE 8000
CMD ["gunicorn", "ascn_portal.wsgi", "--bind", "0.0.0.0:8000"]
