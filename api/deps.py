"""Dependencies shared by the routes: the store, and the role a route requires.

Every route declares its role with ``**needs(Role.inspector)``: the role is enforced by
:func:`api.security.authorize` (401 without valid credentials, 403 without the role, 404 for an
object the caller may not see), shown in the OpenAPI document as ``x-required-role`` with the
security schemes, and :func:`api.app.create_app` refuses to build an app with a route that
declares none (default deny).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from api.state import get_store_sync
from graph.model.enums import Role
from graph.stores.base import GraphStore

__all__ = ["ROLE_KEY", "StoreDep", "get_store", "get_store_sync", "needs"]

ROLE_KEY = "x-required-role"


async def get_store(request: Request) -> GraphStore:
    # async: it does not block, so FastAPI runs it on the event loop instead of a worker thread
    return get_store_sync(request)


StoreDep = Annotated[GraphStore, Depends(get_store)]


def needs(role: Role, *, not_filer: bool = False) -> dict[str, Any]:
    """Route keyword arguments declaring (and enforcing) the role the route requires.

    ``not_filer``: the caller may not be the account that filed the object named by the path's
    ``id`` (a reviewer never decides their own objection or repair application).
    """
    from api.security import authorize, bind_actor

    if role is Role.public:

        async def _public(request: Request) -> None:
            request.state.required_role = role

        deps = [Depends(_public)]
    else:
        deps = [Depends(bind_actor(authorize(role, not_filer=not_filer)))]
    return {"dependencies": deps, "openapi_extra": {ROLE_KEY: role.value}}
