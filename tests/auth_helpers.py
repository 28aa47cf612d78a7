"""Credentials for API tests: every test client acts as a known account, never anonymously by
accident. ``authed_client`` sends an admin API key, except that objections and repair
applications are filed with a separate api_client key (a reviewer may not decide what its own
account filed)."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from graph.access import accounts

__all__ = ["TEST_PASSWORD", "api_key", "authed_client"]

TEST_PASSWORD = "correct horse battery staple"
_FILING = re.compile(r"^/api/v1/records/.+/(objections|repairs)$")


def api_key(store: Any, *roles: str, name: str = "test") -> str:
    return accounts.create_key(store, name, list(roles), by="test")["key"]


def authed_client(app: Any, store: Any, *roles: str, **kw: Any) -> TestClient:
    main = api_key(store, *(roles or ("admin",)), name="tests")
    filer = api_key(store, "api_client", name="filer")

    def hook(request: Any) -> None:
        if "x-api-key" in request.headers or "authorization" in request.headers:
            return
        filing = request.method == "POST" and _FILING.match(request.url.path)
        request.headers["X-API-Key"] = filer if filing else main

    c = TestClient(app, **kw)
    c.event_hooks = {"request": [hook], "response": []}
    return c
