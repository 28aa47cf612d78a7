"""The request guard, one ASGI middleware around the whole app:

1. limits before the app sees a request: body larger than ``RETRACE_MAX_BODY_BYTES`` → 413;
   JSON nested deeper than ``RETRACE_MAX_JSON_DEPTH`` → 422; too many requests from one client
   address to the token endpoint or the public list → 429 with ``Retry-After``;
2. after the app answered: JSON answers for callers who may not see personal data are filtered
   (:func:`graph.access.redact.redact`); the audit entry is written for every non-public call,
   every write and every 401/403 (:mod:`graph.access.audit`); the account that created an
   objection or a repair application is remembered (it may not decide it).
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl

import anyio

from graph.access import accounts, audit
from graph.access.limits import too_deep
from graph.access.personal import scan_fields
from graph.access.principal import ANONYMOUS, Principal
from graph.access.redact import redact
from graph.access.visibility import sees_all
from graph.config import Settings
from graph.model.enums import Role

__all__ = ["Guard", "RateLimiter"]

log = logging.getLogger("retrace.api")
Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
PROBLEM = b"application/problem+json"
OWNED_ON_CREATE = ("/api/v1/records/{id:path}/objections", "/api/v1/records/{id:path}/repairs")


def _personal_fields(body: bytes) -> list[tuple[str, str]]:
    try:
        return scan_fields(json.loads(body))
    except ValueError:
        return []  # not JSON: the route's own validation answers


class RateLimiter:
    """At most ``per_minute`` events per key in any 60-second window."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._events: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def hit(self, key: str, now: float | None = None) -> int | None:
        """None when allowed (and counted), else the seconds to wait."""
        now = time.monotonic() if now is None else now
        with self._lock:
            q = self._events[key]
            while q and q[0] <= now - 60:
                q.popleft()
            if len(q) >= self.per_minute:
                return max(1, math.ceil(q[0] + 60 - now))
            q.append(now)
            return None


async def _problem(send: Send, status: int, title: str, detail: str, path: str,
                   headers: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps({"type": "about:blank", "title": title, "status": status, "detail": detail,
                       "instance": path}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", PROBLEM), (b"content-length", str(len(body)).encode()),
                            *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


class Guard:
    def __init__(self, app: Callable[..., Awaitable[None]], settings: Settings, owner: Any) -> None:
        self.app = app
        self.settings = settings
        self.owner = owner  # the FastAPI app: its state holds the store
        self.token_rate = RateLimiter(settings.token_rate_per_minute)
        self.public_rate = RateLimiter(settings.public_rate_per_minute)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        method: str = scope.get("method", "GET")
        client = (scope.get("client") or ("?", 0))[0]

        # --- rate limits -------------------------------------------------------------------------
        limiter = (self.token_rate if path == "/api/v1/auth/token"
                   else self.public_rate if path.startswith("/api/v1/public/") else None)
        if limiter is not None and (wait := limiter.hit(client)) is not None:
            await _problem(send, 429, "Too many requests", f"retry after {wait} s", path,
                           [(b"retry-after", str(wait).encode())])
            return

        # --- body: size and depth ----------------------------------------------------------------
        limit = self.settings.max_body_bytes
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _problem(send, 413, "Request body too large", f"the limit is {limit} bytes", path)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            msg = await receive()
            if msg["type"] == "http.disconnect":
                return
            chunk = msg.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _problem(send, 413, "Request body too large", f"the limit is {limit} bytes", path)
                return
            chunks.append(chunk)
            more = msg.get("more_body", False)
        body = b"".join(chunks)
        if body and b"json" in headers.get(b"content-type", b""):
            line = too_deep(body, self.settings.max_json_depth)
            if line is not None:
                await _problem(send, 422, "Invalid parameters",
                               f"body: JSON nested deeper than {self.settings.max_json_depth} "
                               f"(line {line})", path)
                return
            found = _personal_fields(body) if method in ("POST", "PUT", "PATCH") else []
            if found:
                field, kind = found[0]
                what = "an ID number (身份证号)" if kind == "id_number" else "a mobile number (手机号)"
                await _problem(send, 422, "Invalid parameters",
                               f"body.{field}: contains {what}; personal data may not be stored in free text",
                               path)
                return
        sent = False

        async def replay() -> dict[str, Any]:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        # --- the app, its answer buffered --------------------------------------------------------
        start: dict[str, Any] = {}
        out: list[bytes] = []

        async def capture(msg: dict[str, Any]) -> None:
            if msg["type"] == "http.response.start":
                start.update(msg)
            elif msg["type"] == "http.response.body":
                out.append(msg.get("body", b""))

        await self.app(scope, replay, capture)
        if not start:
            return
        status = start["status"]
        resp = b"".join(out)
        state = scope.get("state") or {}
        p: Principal = state.get("principal") or ANONYMOUS
        required: Role | None = state.get("required_role")
        rhead = dict(start.get("headers") or [])
        is_json = rhead.get(b"content-type", b"").startswith(b"application/json")

        parsed: Any = None
        if is_json and resp:
            try:
                parsed = json.loads(resp)
            except ValueError:
                parsed = None
        if parsed is not None and not (p.personal_data and sees_all(p.effective)):
            parsed = redact(parsed, personal=p.personal_data, sees_all=sees_all(p.effective))
            resp = json.dumps(parsed, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            start["headers"] = [(k, v) for k, v in start.get("headers") or [] if k != b"content-length"]
            start["headers"].append((b"content-length", str(len(resp)).encode()))
        await self._after(scope, method, path, status, parsed, body, headers, p, required, state)
        await send(start)
        await send({"type": "http.response.body", "body": resp})

    async def _after(self, scope: Scope, method: str, path: str, status: int, parsed: Any, body: bytes,
                     headers: dict[bytes, bytes], p: Principal, required: Role | None,
                     state: dict[str, Any]) -> None:
        """Before the answer leaves: the owner of a created objection/repair, the audit entry."""
        route = getattr(scope.get("route"), "path", None)
        write = method not in ("GET", "HEAD", "OPTIONS")
        if not ((required is not None and required is not Role.public) or write or status in (401, 403)):
            return
        if route is None and status not in (401, 403):
            return
        object_ids = [str(v) for v in (scope.get("path_params") or {}).values()]
        created = parsed.get("id") if isinstance(parsed, dict) and status == 201 else None
        if isinstance(created, str):
            object_ids.append(created)
        params: dict[str, Any] = dict(parse_qsl((scope.get("query_string") or b"").decode("latin-1"),
                                                keep_blank_values=True))
        if write and body and b"json" in headers.get(b"content-type", b""):
            try:
                params["body"] = json.loads(body)
            except ValueError:
                params["body"] = "<not JSON>"
        entry = dict(actor=p.name, role=p.role_label, method=method, route=route or path,
                     object_ids=object_ids, params=redact(params, personal=False, sees_all=True), outcome=status,
                     action=state.get("audit_action", ""))
        store = getattr(self.owner.state, "store", None)
        if store is None:
            return

        def write_entry() -> None:
            try:
                if created and route in OWNED_ON_CREATE and not p.anonymous:
                    accounts.record_owner(store, created, p.name)
                audit.record(store, **entry)
            except Exception:
                log.exception("audit entry could not be written: %s %s by %s", method, path, p.name)

        await anyio.to_thread.run_sync(write_entry)
