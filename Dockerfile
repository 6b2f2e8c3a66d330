FROM python:3.11-slim

ARG VERSION=unknown
LABEL org.opencontainers.image.title="mockserver" \
      org.opencontainers.image.description="A local, stateful sandbox for Nordic and Swiss accounting and invoicing APIs" \
      org.opencontainers.image.version="${VERSION}"

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MOCKSERVER_HOST=0.0.0.0 \
    MOCKSERVER_PORT=8080

WORKDIR /app
# Dependencies first, read from pyproject.toml: a change to the code alone reuses this layer.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install --no-cache-dir -r /tmp/requirements.txt \
    && useradd --create-home --uid 10001 mockserver

COPY README.md ./
COPY mockserver ./mockserver
RUN pip install --no-cache-dir --no-deps .

USER 10001
EXPOSE 8080
# `mockserver health` asks /_admin/health on MOCKSERVER_PORT, so -e MOCKSERVER_PORT=9000 moves both.
HEALTHCHECK --interval=5s --timeout=3s --start-period=5s --retries=3 CMD ["mockserver", "health"]

# Beyond loopback the control plane needs a token: set MOCKSERVER_ADMIN_TOKEN, or read the
# generated one from the container's log. Host and port come from MOCKSERVER_HOST/MOCKSERVER_PORT.
CMD ["mockserver", "serve"]
