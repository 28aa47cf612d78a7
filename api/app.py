"""The FastAPI application factory; the lifespan owns the store (and so the Neo4j driver)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from api import errors, observability
from api.methods import SuffixMethods
from api.routes import entities, exports, health, integrity, metrics, monitoring, page, records, responsibility
from api.schemas.problem import Problem
from graph.config import Settings
from graph.stores.base import GraphStore, StoreError
from graph.stores.factory import open_store

__all__ = ["create_app"]

log = logging.getLogger("retrace.api")

DESCRIPTION = """
政务诚信责任回溯 — who on the government side was responsible for a project stage or a broken
contract, when, and up to which leader; dishonesty records and their reach; linked records.
Errors are `application/problem+json` (schema `Problem`); each operation lists the ones it may
answer (404 unknown id, 409 conflict, 422 invalid request, 503 store unavailable or failing). A
method a path does not take is 405 with `Allow`. Every route declares the role it requires
(`x-required-role`); authentication is not enforced yet.
"""


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """An app on ``store`` (owned by the caller) or on the store the settings name (owned here)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        opened = store if store is not None else open_store(settings or Settings())
        app.state.store = observability.instrument_store(opened)  # store call latencies in /metrics
        observability.OPEN_STORES.add(app.state.store)
        app.state.schema_applied = False
        try:
            app.state.store.init_schema()
            app.state.schema_applied = True
        except StoreError as exc:  # unavailable or failing: /readyz and every route answer 503
            log.warning("store not ready at start (readyz will say so): %s", exc)
        try:
            yield
        finally:
            observability.OPEN_STORES.discard(app.state.store)
            if owned:
                app.state.store.close()

    app = FastAPI(title="Retrace 政务诚信责任回溯", version="0.1.0", description=DESCRIPTION, lifespan=lifespan)
    errors.install(app)
    app.add_middleware(SuffixMethods, fastapi_app=app)
    observability.wrap(app)  # request id, request metrics, access log: outermost, so 500s too
    app.include_router(health.router)
    app.include_router(monitoring.router)
    app.include_router(page.router)
    app.include_router(entities.router)
    app.include_router(responsibility.router)
    app.include_router(records.router)
    app.include_router(integrity.router)
    app.include_router(metrics.router)
    app.include_router(exports.router)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document, plus the Problem schema the declared error answers refer to."""
    if app.openapi_schema is None:
        from fastapi.openapi.utils import get_openapi

        doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        schemas = doc.setdefault("components", {}).setdefault("schemas", {})
        schemas["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        app.openapi_schema = doc
    return app.openapi_schema
