"""Bearer tokens: HS256-signed JWTs with a short lifetime whose scopes are the account's roles.

A token names its account (``sub``), its roles (``scope``, space-separated), when it was issued
and when it expires; the account is re-read on every request, so a disabled account or a
narrowed role takes effect before the token expires.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt

__all__ = ["ISSUER", "TokenInvalid", "decode", "issue"]

ISSUER = "retrace"
ALGORITHM = "HS256"


class TokenInvalid(Exception):
    pass


def issue(subject: str, roles: list[str], secret: str, minutes: int) -> tuple[str, int]:
    now = datetime.now(UTC)
    claims = {"iss": ISSUER, "sub": subject, "scope": " ".join(sorted(roles)),
              "iat": now, "nbf": now, "exp": now + timedelta(minutes=minutes)}
    return jwt.encode(claims, secret, algorithm=ALGORITHM), minutes * 60


def decode(token: str, secret: str) -> tuple[str, list[str]]:
    try:
        c = jwt.decode(token, secret, algorithms=[ALGORITHM], issuer=ISSUER,
                       options={"require": ["exp", "iat", "sub", "iss"]})
    except jwt.PyJWTError as exc:
        raise TokenInvalid(str(exc)) from exc
    return c["sub"], [s for s in str(c.get("scope", "")).split() if s]
