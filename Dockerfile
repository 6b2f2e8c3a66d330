FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY mockserver ./mockserver
RUN pip install --no-cache-dir . \
    && useradd --create-home --uid 10001 mockserver

USER 10001
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8080/_admin/health', timeout=2).status != 200)"]

# Beyond loopback the control plane needs a token: set MOCKSERVER_ADMIN_TOKEN, or read the
# generated one from the container's log.
CMD ["mockserver", "serve", "--host", "0.0.0.0", "--port", "8080"]
