"""Accounts (people, with a password) and API keys (machine clients), kept by the store's access
part (:class:`graph.stores.access.AccessStore`), and the owner of an object a caller created.

* A password is stored only as its argon2id hash.
* An API key is shown once when created: ``rtk_<key id>_<secret>``. Only the SHA-256 of the
  secret is stored (the secret is 256 random bits, so a fast hash is enough); a key has an
  expiry and can be revoked, and is refused after either.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from graph.access.passwords import hash_password, verify_password
from graph.access.principal import Principal
from graph.errors import InvalidRequest, NotFoundError
from graph.model.enums import Role

__all__ = [
    "authenticate",
    "create_key",
    "create_user",
    "disable_user",
    "key_principal",
    "list_keys",
    "list_users",
    "owner_of",
    "record_owner",
    "revoke_key",
    "set_password",
    "set_user_roles",
    "user_principal",
]

_NAME = re.compile(r"^[A-Za-z0-9_.@-]{2,64}$")
_KEY = re.compile(r"^rtk_([0-9a-f]{12})_([A-Za-z0-9_-]{20,100})$")
# a dummy hash so an unknown account costs as much time as a wrong password
_DUMMY = "$argon2id$v=19$m=65536,t=3,p=4$4FV60NJvL3LNiNQldAVZEg$zGwkY2r+I0YKr9Lo+zX6bIirORKACRlydBx3LncVtXI"


def _now() -> datetime:
    return datetime.now(UTC)


def _roles(roles: list[str]) -> list[str]:
    out = []
    for r in roles:
        try:
            role = Role(r)
        except ValueError:
            raise InvalidRequest(f"unknown role {r!r}; one of {', '.join(x.value for x in Role)}") from None
        if role is Role.public:
            raise InvalidRequest("public is the anonymous role; it is not granted")
        out.append(role.value)
    if not out:
        raise InvalidRequest("at least one role is needed")
    return sorted(set(out))


def _user(store: Any, name: str) -> dict[str, Any]:
    row = store.access_get("user", name)
    if row is None:
        raise NotFoundError(f"no user {name!r}")
    return row


# --- people ---------------------------------------------------------------------------------------


def create_user(store: Any, name: str, password: str, roles: list[str], by: str = "cli") -> dict[str, Any]:
    if not _NAME.match(name):
        raise InvalidRequest("a user name is 2-64 letters, digits or . _ @ -")
    if store.access_get("user", name) is not None:
        raise InvalidRequest(f"user {name!r} exists")
    try:
        pw = hash_password(password)
    except ValueError as exc:
        raise InvalidRequest(str(exc)) from None
    row = {"password_hash": pw, "roles": _roles(roles), "disabled": False,
           "created_at": _now().isoformat(), "created_by": by}
    store.access_put("user", name, row)
    return _public_user({**row, "id": name})


def set_password(store: Any, name: str, password: str) -> None:
    row = _user(store, name)
    try:
        row["password_hash"] = hash_password(password)
    except ValueError as exc:
        raise InvalidRequest(str(exc)) from None
    store.access_put("user", name, row)


def set_user_roles(store: Any, name: str, roles: list[str]) -> dict[str, Any]:
    row = _user(store, name)
    row["roles"] = _roles(roles)
    store.access_put("user", name, row)
    return _public_user(row)


def disable_user(store: Any, name: str, disabled: bool = True) -> dict[str, Any]:
    row = _user(store, name)
    row["disabled"] = disabled
    store.access_put("user", name, row)
    return _public_user(row)


def _public_user(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "password_hash"}


def list_users(store: Any) -> list[dict[str, Any]]:
    return [_public_user(r) for r in store.access_list("user")]


def authenticate(store: Any, name: str, password: str) -> Principal | None:
    """The account's principal when the password is right and the account enabled, else None."""
    row = store.access_get("user", name) if _NAME.match(name or "") else None
    ok = verify_password(row["password_hash"] if row else _DUMMY, password)
    if not ok or row is None or row.get("disabled"):
        return None
    return Principal(f"user:{name}", frozenset(Role(r) for r in row["roles"]))


def user_principal(store: Any, name: str) -> Principal | None:
    """The principal of an enabled account (for a token's subject), roles as stored now."""
    row = store.access_get("user", name)
    if row is None or row.get("disabled"):
        return None
    return Principal(f"user:{name}", frozenset(Role(r) for r in row["roles"]))


# --- API keys -------------------------------------------------------------------------------------


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_key(store: Any, name: str, roles: list[str], days: int = 90, by: str = "cli") -> dict[str, Any]:
    """A new key; the answer holds the key itself (``key``), which is never shown again."""
    if not 1 <= days <= 730:
        raise InvalidRequest("a key lives 1 to 730 days")
    if not name or len(name) > 200:
        raise InvalidRequest("a key needs a name (≤ 200 characters)")
    kid, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    now = _now()
    row = {"name": name, "roles": _roles(roles), "secret_sha256": _digest(secret),
           "created_at": now.isoformat(), "created_by": by,
           "expires_at": (now + timedelta(days=days)).isoformat(), "revoked_at": None}
    store.access_put("key", kid, row)
    return {**_public_key({**row, "id": kid}), "key": f"rtk_{kid}_{secret}"}


def revoke_key(store: Any, kid: str) -> dict[str, Any]:
    row = store.access_get("key", kid)
    if row is None:
        raise NotFoundError(f"no API key {kid!r}")
    if row.get("revoked_at") is None:
        row["revoked_at"] = _now().isoformat()
        store.access_put("key", kid, row)
    return _public_key(row)


def _public_key(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "secret_sha256"}


def list_keys(store: Any) -> list[dict[str, Any]]:
    return [_public_key(r) for r in store.access_list("key")]


def key_principal(store: Any, raw: str) -> Principal | None:
    """The principal of a valid key (known, secret matches, not revoked, not expired), else None."""
    m = _KEY.match(raw or "")
    if not m:
        return None
    row = store.access_get("key", m.group(1))
    if row is None or not hmac.compare_digest(row["secret_sha256"], _digest(m.group(2))):
        return None
    if row.get("revoked_at") or datetime.fromisoformat(row["expires_at"]) <= _now():
        return None
    return Principal(f"key:{m.group(1)}", frozenset(Role(r) for r in row["roles"]))


# --- owners ---------------------------------------------------------------------------------------


def record_owner(store: Any, object_id: str, actor: str) -> None:
    """Remember who created ``object_id`` (objections, repairs: the filer may not decide them)."""
    store.access_put("owner", object_id, {"actor": actor, "at": _now().isoformat()})


def owner_of(store: Any, object_id: str) -> str | None:
    row = store.access_get("owner", object_id)
    return row["actor"] if row else None
