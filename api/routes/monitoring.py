"""Prometheus metrics (an operational route, public like /healthz and /readyz)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from api import observability
from api.deps import needs
from graph.model.enums import Role

router = APIRouter(tags=["health"])


@router.get("/metrics", summary="Prometheus metrics (text format): requests, latencies, store calls, pool",
            response_class=Response,
            responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}}, **needs(Role.public))
async def metrics() -> Response:
    return Response(observability.render(), media_type=observability.CONTENT_TYPE)
