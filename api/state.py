"""What the app holds for every request: the store its lifespan opened."""

from __future__ import annotations

from fastapi import Request

from graph.stores.base import GraphStore, StoreUnavailable

__all__ = ["get_store_sync"]


def get_store_sync(request: Request) -> GraphStore:
    """The app's store; 503 when none is open."""
    store = getattr(request.app.state, "store", None)
    if store is None:
        raise StoreUnavailable("no store is open")
    return store
