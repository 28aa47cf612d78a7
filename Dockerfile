# Retrace API image, two stages: `build` installs the package into a virtual environment with the
# same script a developer runs (scripts/install --runtime); the final stage holds only that
# environment, on the slim Python base, and runs as an unprivileged user.
#
#   docker compose up -d --build          (see docker-compose.yml and docs/operations.md)
#   docker build -t retrace-api .         (the image alone)
FROM python:3.11-slim AS build

ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
# Only what the package needs (.dockerignore keeps .git, .venv, .env and caches out of the context).
# Keep in sync with [tool.setuptools] packages in pyproject.toml.
COPY pyproject.toml README.md ./
COPY scripts/install ./scripts/install
COPY api ./api
COPY cli ./cli
COPY graph ./graph
COPY loaders ./loaders
COPY queries ./queries
COPY policies ./policies
RUN scripts/install --runtime


FROM python:3.11-slim AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/src/.venv/bin:$PATH

# the environment keeps its absolute path (/src/.venv): scripts in it name their interpreter
COPY --from=build /src/.venv /src/.venv
RUN groupadd --gid 10001 retrace \
    && useradd --uid 10001 --gid 10001 --create-home --shell /usr/sbin/nologin retrace

USER 10001:10001
# Not /src: Settings also reads ./.env, and the working dir must be writable for the embedded store.
WORKDIR /home/retrace
EXPOSE 8000
# ready = the API answers and its store is reachable (/readyz is 503 otherwise)
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"]
CMD ["retrace", "serve", "--host", "0.0.0.0", "--port", "8000"]
