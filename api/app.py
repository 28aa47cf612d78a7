"""The FastAPI application factory; the lifespan owns the store (and so the Neo4j driver)."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from typing import AsyncIterator

from fastapi import FastAPI

from api import errors
from api.routes import entities, health, integrity, page, records, responsibility
from api.routes import derivation, evaluation, warnings  # issue 11
from graph.config import Settings
from graph.stores.base import GraphStore, StoreUnavailable
from graph.stores.factory import open_store

__all__ = ["create_app"]

log = logging.getLogger("retrace.api")

DESCRIPTION = """
政务诚信责任回溯 — who on the government side was responsible for a project stage or a broken
contract, when, and up to which leader; dishonesty records and their reach; linked records.
Errors are `application/problem+json`. Every route declares the role it requires
(`x-required-role`); authentication is not enforced yet.
"""


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """An app on ``store`` (owned by the caller) or on the store the settings name (owned here)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        app.state.store = store if store is not None else open_store(settings or Settings())
        try:
            app.state.store.init_schema()
        except StoreUnavailable as exc:
            log.warning("store not ready at start (readyz will say so): %s", exc)
        try:
            yield
        finally:
            if owned:
                app.state.store.close()

    app = FastAPI(title="Retrace 政务诚信责任回溯", version="0.1.0", description=DESCRIPTION, lifespan=lifespan)
    errors.install(app)
    app.include_router(health.router)
    app.include_router(page.router)
    app.include_router(entities.router)
    app.include_router(responsibility.router)
    app.include_router(records.router)
    app.include_router(integrity.router)
    for issue11 in (derivation, evaluation, warnings):
        app.include_router(issue11.router)
    return app
