# The portal's image: web (gunicorn), Celery worker and Celery beat all run from it.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's libraries (Pango, HarfBuzz, fontconfig) and fonts for every script of the network:
# Latin with Vietnamese, Thai, Lao, Khmer, Myanmar, Chinese. gettext compiles the translations.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 \
        fonts-noto-core fonts-noto-cjk fonts-khmeros fonts-lao fonts-thai-tlwg fonts-dejavu-core \
        gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them.
COPY pyproject.toml ./
RUN pip install .

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
