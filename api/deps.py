"""Dependencies shared by the routes: the store, and the role a route requires.

Authentication arrives in a later issue; until then every route declares the role it needs
(``**needs(Role.inspector)``), which is recorded on the request and shown in the OpenAPI
document as ``x-required-role``, so turning enforcement on changes no route.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from graph.model.enums import Role
from graph.stores.base import GraphStore, StoreUnavailable

__all__ = ["StoreDep", "get_store", "needs"]


async def get_store(request: Request) -> GraphStore:
    # async: it does not block, so FastAPI runs it on the event loop instead of a worker thread
    store = getattr(request.app.state, "store", None)
    if store is None:
        raise StoreUnavailable("no store is open")
    return store


StoreDep = Annotated[GraphStore, Depends(get_store)]


def needs(role: Role) -> dict[str, Any]:
    """Route keyword arguments declaring the role the route requires."""

    async def _record(request: Request) -> None:
        request.state.required_role = role

    return {
        "dependencies": [Depends(_record)],
        "openapi_extra": {"x-required-role": role.value},
    }
