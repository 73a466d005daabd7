# syntax=docker/dockerfile:1
# The Fornex Panel image: web (gunicorn), Celery worker and beat all run from it
# (docker-compose.yml). Static files are collected and compressed at build time.

FROM python:3.12-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /venv
ENV PATH=/venv/bin:$PATH
WORKDIR /app

# Dependencies first, from pyproject.toml alone: this layer is rebuilt only when they change.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install --requirement /tmp/requirements.txt

COPY . .
# Build-time throwaway secrets: settings refuse to load without them, nothing here uses them,
# and they do not stay in the image (no ENV).
RUN export DEBUG=0 VAR_DIR=/tmp/build STATIC_ROOT=/app/staticfiles \
        SECRET_KEY="build-only-$(python -c 'import secrets; print(secrets.token_urlsafe(32))')" \
        FORNEX_KEYS="$(python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
    && python manage.py compile_translations \
    && python manage.py collectstatic --noinput --verbosity 0 \
    && rm -rf /tmp/build


FROM python:3.12-slim
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=fornexpanel.settings \
    VAR_DIR=/var/lib/fornexpanel \
    STATIC_ROOT=/app/staticfiles

# The panel runs as an unprivileged user that cannot change its own code.
RUN groupadd --system --gid 10001 panel \
    && useradd --system --uid 10001 --gid panel --home-dir /var/lib/fornexpanel --shell /usr/sbin/nologin panel \
    && mkdir -p /var/lib/fornexpanel/beat \
    && chown -R panel:panel /var/lib/fornexpanel
COPY --from=build /venv /venv
COPY --from=build /app /app
WORKDIR /app
USER panel

EXPOSE 8000
CMD ["gunicorn", "fornexpanel.wsgi", "--bind=0.0.0.0:8000", "--worker-class=gthread", "--threads=8"]
