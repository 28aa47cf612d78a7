"""The FastAPI application factory; the lifespan owns the store (and so the Neo4j driver)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api import errors, observability, security
from api.deps import ROLE_KEY
from api.guard import Guard
from api.methods import SuffixMethods
from api.openapi_doc import document
from api.route_table import routes_of
from api.routes import (  # issue 11
    audit,
    derivation,
    entities,
    evaluation,
    exports,
    health,
    integrity,
    metrics,
    monitoring,
    page,
    records,
    responsibility,
    warnings,
)
from graph.config import Settings
from graph.stores.base import GraphStore, StoreError
from graph.stores.factory import open_store

__all__ = ["create_app"]

log = logging.getLogger("retrace.api")

DESCRIPTION = """
政务诚信责任回溯 — who on the government side was responsible for a project stage or a broken
contract, when, and up to which leader; dishonesty records and their reach; linked records.
Errors are `application/problem+json` (schema `Problem`); each operation lists the ones it may
answer (401 no credentials, 403 wrong role, 404 unknown id, 409 conflict, 422 invalid request,
503 store unavailable or failing). A method a path does not take is 405 with `Allow`. Every route
declares the role it requires (`x-required-role`) and it is enforced: a bearer token from
`POST /api/v1/auth/token` or an API key in `X-API-Key` (docs/security.md).
"""


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """An app on ``store`` (owned by the caller) or on the store the settings name (owned here)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        assert settings is not None  # set below, before the app starts
        opened = store if store is not None else open_store(settings)
        if owned and hasattr(opened, "read_timeout"):
            opened.read_timeout = settings.neo4j_tx_timeout  # a runaway read answers 503
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

    settings = settings or Settings()
    app = FastAPI(title="Retrace 政务诚信责任回溯", version="0.1.0", description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    errors.install(app)
    security.install(app)
    app.include_router(security.router)
    app.include_router(health.router)
    app.include_router(monitoring.router)
    app.include_router(page.router)
    app.include_router(entities.router)
    app.include_router(responsibility.router)
    app.include_router(records.router)
    app.include_router(integrity.router)
    app.include_router(metrics.router)
    app.include_router(exports.router)
    for issue11 in (derivation, evaluation, warnings):
        app.include_router(issue11.router)
    app.include_router(audit.router)
    _default_deny(app)
    app.openapi = lambda: document(app)  # type: ignore[method-assign]
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins,
                           allow_methods=["GET", "POST"], allow_headers=["Authorization", "X-API-Key", "Content-Type"])
    app.add_middleware(Guard, settings=settings, owner=app)
    app.add_middleware(SuffixMethods, fastapi_app=app)
    observability.wrap(app)  # request id, request metrics, access log: outermost, so 500s too
    return app


def _default_deny(app: FastAPI) -> None:
    """Refuse to build an app with a route that declares no role."""
    bare = [f"{sorted(r.methods)} {r.path}" for r in routes_of(app) if ROLE_KEY not in r.extra]
    if bare:
        raise RuntimeError("routes without a declared role (default deny): " + ", ".join(bare))
