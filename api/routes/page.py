"""The analysts' web page (one static file, zh-CN). The file holds no data, so it is served to
anyone; every data call it makes carries the user's bearer token and is authorized per route
(the page asks for the account on the first 401)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from api.deps import needs
from graph.model.enums import Role

router = APIRouter(tags=["web page"])
PAGE = Path(__file__).resolve().parents[1] / "static" / "index.html"


@router.get("/", include_in_schema=False, **needs(Role.public))
def index() -> FileResponse:
    return FileResponse(PAGE, media_type="text/html; charset=utf-8")
