# Retrace API image: `docker compose up` (see docker-compose.yml) or
#   docker build -t retrace-api . && docker run -p 127.0.0.1:8000:8000 -e RETRACE_NEO4J_URI=... retrace-api
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
# Copy only what the package needs (keeps .git, .env, local data and caches out of the image).
# Keep in sync with [tool.setuptools] packages in pyproject.toml.
COPY pyproject.toml README.md ./
COPY api ./api
COPY cli ./cli
COPY graph ./graph
COPY loaders ./loaders
COPY queries ./queries
COPY policies ./policies
RUN pip install . \
    && useradd --create-home --uid 10001 retrace

USER retrace
# Not /src: Settings also reads ./.env, and the working dir must be writable for the embedded store.
WORKDIR /home/retrace
EXPOSE 8000
CMD ["retrace", "serve", "--host", "0.0.0.0", "--port", "8000"]
