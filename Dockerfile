# Production image: gunicorn web, Celery worker and beat share it (see docker-compose.yml).
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_PROJECT_ENVIRONMENT=/opt/venv PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=nlai.settings.production
# WeasyPrint needs Pango; curl for the health checks.
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu curl \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /app
COPY requirements-prod.lock ./
RUN uv venv /opt/venv && uv pip sync --python /opt/venv/bin/python --require-hashes requirements-prod.lock
COPY . .
# Translations (.mo) are committed, so no gettext is needed in the image.
RUN SECRET_KEY=build-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput
RUN useradd --system --uid 1000 nlai && mkdir -p /app/var && chown -R nlai /app/var
USER nlai
EXPOSE 8000
CMD ["gunicorn", "nlai.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]
