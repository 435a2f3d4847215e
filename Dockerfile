FROM python:3.11-slim-bookworm

# WeasyPrint's system libraries (Pango, HarfBuzz, fonts) for the audit-report PDFs.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libffi8 \
      libjpeg62-turbo libopenjp2-7 fonts-dejavu-core fonts-liberation shared-mime-info \
 && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_PROJECT_ENVIRONMENT=/opt/venv PATH=/opt/venv/bin:$PATH
RUN pip install --no-cache-dir uv

WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
RUN DJANGO_DEBUG=false DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=build \
    DATABASE_URL=postgres://build/build REDIS_URL=redis://build:6379/0 \
    python manage.py collectstatic --noinput \
 && python manage.py compilemessages --ignore=/opt/venv

RUN useradd --create-home --uid 1000 minga && mkdir -p /data/media && chown minga /data/media
USER minga
EXPOSE 8000
CMD ["gunicorn", "network.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
