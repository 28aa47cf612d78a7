"""Authentication and authorization of requests (docs/security.md).

* People get a bearer token from ``POST /api/v1/auth/token`` (OAuth2 password flow): an HS256 JWT
  whose scopes are the account's roles, valid ``RETRACE_TOKEN_MINUTES``.
* Machine clients send an API key in the ``X-API-Key`` header.
* :func:`authorize` is the dependency behind ``needs(role)``: no or invalid credentials → 401
  with ``WWW-Authenticate``; valid credentials without the role → 403. A caller who may not see a
  non-public object (objections, repairs, attributions, unpublished records) is answered 404 for
  it, as if it did not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Form, Request, Security
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer
from pydantic import BaseModel

from graph.access import accounts, tokens
from graph.access.principal import ANONYMOUS, Principal
from graph.access.visibility import hidden_object
from graph.config import Settings
from graph.model.enums import Role
from graph.stores.base import GraphStore
from graph.stores.writes import ACTOR

__all__ = [
    "API_KEY_HEADER",
    "TOKEN_URL",
    "Forbidden",
    "Unauthorized",
    "authorize",
    "install",
    "principal_of",
    "router",
    "settings_of",
]

TOKEN_URL = "/api/v1/auth/token"
API_KEY_HEADER = "X-API-Key"
PROBLEM = "application/problem+json"
CHALLENGE = 'Bearer realm="retrace", ApiKey header="X-API-Key"'

oauth2 = OAuth2PasswordBearer(tokenUrl=TOKEN_URL, auto_error=False,
                              scopes={r.value: r.label for r in Role if r is not Role.public})
api_key = APIKeyHeader(name=API_KEY_HEADER, auto_error=False)


class Unauthorized(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class Forbidden(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class HiddenObject(Exception):
    """Answered 404: the caller may not know the object exists."""

    def __init__(self, id_: str) -> None:
        super().__init__(id_)
        self.id = id_


def settings_of(request: Request) -> Settings:
    st = getattr(request.app.state, "settings", None)
    if st is None:
        st = request.app.state.settings = Settings()
    return st


def principal_of(request: Request) -> Principal:
    return getattr(request.state, "principal", None) or ANONYMOUS


def _store(request: Request) -> GraphStore:
    from api.state import get_store_sync

    return get_store_sync(request)


def identify(request: Request, bearer: str | None, key: str | None) -> Principal:
    """The caller's principal; raises Unauthorized for credentials that do not hold."""
    store = _store(request)
    if bearer:
        try:
            sub, _scopes = tokens.decode(bearer, settings_of(request).signing_secret)
        except tokens.TokenInvalid as exc:
            raise Unauthorized(f"invalid bearer token: {exc}") from None
        p = accounts.user_principal(store, sub)
        if p is None:
            raise Unauthorized("the token's account is unknown or disabled")
        # the token's scopes narrow the account's current roles (never widen them)
        scoped = frozenset(r for r in p.roles if r.value in _scopes)
        return Principal(p.name, scoped)
    if key:
        p = accounts.key_principal(store, key)
        if p is None:
            raise Unauthorized("invalid, expired or revoked API key")
        return p
    return ANONYMOUS


def bind_actor(check: Callable[..., Principal]) -> Callable[..., Any]:
    """Async wrapper: sets the write actor (graph.stores.writes.ACTOR) in the request's context,
    which the route's thread inherits, so every version written names who wrote it."""

    async def _bind(p: Principal = Depends(check)) -> Principal:  # noqa: B008 - FastAPI's dependency idiom
        ACTOR.set(p.name)
        return p

    return _bind


def authorize(role: Role, not_filer: bool = False) -> Callable[..., Principal]:
    """The dependency checking ``role``; sync, so the store lookups run in the thread pool."""

    def _check(
        request: Request,
        bearer: str | None = Security(oauth2, scopes=[role.value]),
        key: str | None = Security(api_key),
    ) -> Principal:
        request.state.required_role = role
        p = identify(request, bearer, key)
        request.state.principal = p
        if p.anonymous:
            raise Unauthorized("credentials are required: a bearer token or an API key")
        if role not in p.effective:
            raise Forbidden(f"this needs the role {role.value}; granted: {p.role_label}")
        oid = request.path_params.get("id")
        if oid and hidden_object(_store(request), oid, p.effective):
            raise HiddenObject(oid)
        if not_filer and oid and accounts.owner_of(_store(request), oid) == p.name:
            raise Forbidden("the account that filed this may not review or decide it")
        return p

    return _check


def _problem(request: Request, status: int, title: str, detail: str) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail,
            "instance": str(request.url.path)}
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def install(app: FastAPI) -> None:
    @app.exception_handler(Unauthorized)
    async def _unauthorized(request: Request, exc: Unauthorized) -> JSONResponse:
        resp = _problem(request, 401, "Unauthorized", exc.detail)
        resp.headers["WWW-Authenticate"] = CHALLENGE
        return resp

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> JSONResponse:
        return _problem(request, 403, "Forbidden", exc.detail)

    @app.exception_handler(HiddenObject)
    async def _hidden(request: Request, exc: HiddenObject) -> JSONResponse:
        return _problem(request, 404, "Not found", f"no entity with id {exc.id!r}")


# --- the token endpoint ---------------------------------------------------------------------------

router = APIRouter(prefix="/api/v1/auth", tags=["authentication"])


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    scope: str


@router.post("/token", summary="A bearer token for an account (OAuth2 password flow)",
             response_model=TokenOut, openapi_extra={"x-required-role": Role.public.value},
             responses={401: {"description": "wrong user name or password"},
                        429: {"description": "too many attempts; see Retry-After"}})
def token(
    request: Request,
    username: Annotated[str, Form(min_length=1, max_length=64)],
    password: Annotated[str, Form(min_length=1, max_length=1024)],
    scope: Annotated[str, Form(max_length=200, description="roles wanted, space-separated; empty = all")] = "",
) -> Any:
    store = _store(request)
    p = accounts.authenticate(store, username, password)
    if p is None:
        request.state.principal = Principal(f"user:{username}"[:80], frozenset())
        raise Unauthorized("wrong user name or password")
    request.state.principal = p
    wanted = set(scope.split()) if scope.strip() else {r.value for r in p.roles}
    granted = sorted(r.value for r in p.roles if r.value in wanted)
    if not granted:
        raise Forbidden("none of the requested scopes is granted to this account")
    st = settings_of(request)
    tok, ttl = tokens.issue(p.name.removeprefix("user:"), granted, st.signing_secret, st.token_minutes)
    return TokenOut(access_token=tok, expires_in=ttl, scope=" ".join(granted))
