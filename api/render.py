"""Fast JSON responses for large answers.

FastAPI's default path walks every value through ``jsonable_encoder`` before ``json.dumps``; for a
responsibility answer with its evidence that walk costs several times the query itself. Routes
that return large plain-dict answers return :func:`json_response` instead: the same JSON (dates
and datetimes in ISO 8601), UTF-8, produced by one ``json.dumps``.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from fastapi.responses import Response

__all__ = ["json_response"]


def _default(o: Any) -> Any:
    if isinstance(o, (date, datetime)):
        return o.isoformat()
    if isinstance(o, (set, frozenset, tuple)):
        return list(o)
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def json_response(content: Any, status_code: int = 200) -> Response:
    body = json.dumps(content, ensure_ascii=False, default=_default, separators=(",", ":"))
    return Response(body.encode("utf-8"), status_code=status_code, media_type="application/json")
