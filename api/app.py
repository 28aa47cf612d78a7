"""The FastAPI application factory; the lifespan owns the store (and so the Neo4j driver)."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from typing import AsyncIterator

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api import errors, security
from api.deps import ROLE_KEY
from api.guard import Guard
from api.openapi_doc import document
from api.route_table import routes_of
from api.routes import audit, entities, health, integrity, page, records, responsibility
from graph.config import Settings
from graph.stores.base import GraphStore, StoreUnavailable
from graph.stores.factory import open_store

__all__ = ["create_app"]

log = logging.getLogger("retrace.api")

DESCRIPTION = """
政务诚信责任回溯 — who on the government side was responsible for a project stage or a broken
contract, when, and up to which leader; dishonesty records and their reach; linked records.
Errors are `application/problem+json`. Every route declares the role it requires
(`x-required-role`) and it is enforced: a bearer token from `POST /api/v1/auth/token` or an API key
in `X-API-Key` (docs/security.md).
"""


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """An app on ``store`` (owned by the caller) or on the store the settings name (owned here)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        app.state.store = store if store is not None else open_store(settings)
        if owned and hasattr(app.state.store, "read_timeout"):
            app.state.store.read_timeout = settings.neo4j_tx_timeout  # a runaway read answers 503
        try:
            app.state.store.init_schema()
        except StoreUnavailable as exc:
            log.warning("store not ready at start (readyz will say so): %s", exc)
        try:
            yield
        finally:
            if owned:
                app.state.store.close()

    settings = settings or Settings()
    app = FastAPI(title="Retrace 政务诚信责任回溯", version="0.1.0", description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    errors.install(app)
    security.install(app)
    app.include_router(security.router)
    app.include_router(health.router)
    app.include_router(page.router)
    app.include_router(entities.router)
    app.include_router(responsibility.router)
    app.include_router(records.router)
    app.include_router(integrity.router)
    app.include_router(audit.router)
    _default_deny(app)
    app.openapi = lambda: document(app)  # type: ignore[method-assign]
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins,
                           allow_methods=["GET", "POST"], allow_headers=["Authorization", "X-API-Key", "Content-Type"])
    app.add_middleware(Guard, settings=settings, owner=app)
    return app


def _default_deny(app: FastAPI) -> None:
    """Refuse to build an app with a route that declares no role."""
    bare = [f"{sorted(r.methods)} {r.path}" for r in routes_of(app) if ROLE_KEY not in r.extra]
    if bare:
        raise RuntimeError("routes without a declared role (default deny): " + ", ".join(bare))
