"""Personal data in free text: mainland ID numbers (居民身份证号码, 18 characters with a valid
check digit, with or without spaces or hyphens between digits) and mobile numbers (11 digits
starting 13–19, optionally +86); and the keyed identity hash.

* :func:`find` lists what a text contains (the API refuses it with 422 naming the field, the
  loader rejects the row with file, line and field).
* :func:`mask` replaces each occurrence (every public answer passes through it).
* :func:`identity_hash` is HMAC-SHA256 of the normalised ID number under the configured key
  (``RETRACE_IDENTITY_KEY``): without the key the 18-digit space cannot be searched.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import Any, Iterator

__all__ = ["find", "mask", "identity_hash", "valid_id_number", "scan_fields", "ID_MASK", "MOBILE_MASK"]

ID_MASK = "[身份证号已屏蔽]"
MOBILE_MASK = "[手机号已屏蔽]"
_SEP = r"[ \-\u2010-\u2015\u00a0]?"
_ID = re.compile(r"(?<![0-9A-Za-z])[1-9](?:" + _SEP + r"[0-9]){16}" + _SEP + r"[0-9Xx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86" + _SEP + r")?1[3-9][0-9](?:" + _SEP + r"[0-9]){8}(?![0-9])")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def _digits(s: str) -> str:
    return re.sub(r"[^0-9Xx]", "", s).upper()


def valid_id_number(s: str) -> bool:
    d = _digits(s)
    if len(d) != 18 or not d[:17].isdigit():
        return False
    return _CHECK[sum(int(c) * w for c, w in zip(d[:17], _WEIGHTS)) % 11] == d[17]


def _ids(text: str) -> Iterator[re.Match[str]]:
    return (m for m in _ID.finditer(text) if valid_id_number(m.group(0)))


def find(text: str) -> list[str]:
    """``["id_number"]``, ``["mobile"]``, both or none."""
    if not isinstance(text, str) or len(text) < 11:
        return []
    out = []
    if any(True for _ in _ids(text)):
        out.append("id_number")
    if _MOBILE.search(_ID.sub(lambda m: "#" if valid_id_number(m.group(0)) else m.group(0), text)):
        out.append("mobile")
    return out


def mask(text: str) -> str:
    if not isinstance(text, str) or len(text) < 11:
        return text
    text = _ID.sub(lambda m: ID_MASK if valid_id_number(m.group(0)) else m.group(0), text)
    return _MOBILE.sub(MOBILE_MASK, text)


def identity_hash(id_number: str, key: str) -> str:
    """The keyed identity hash of an ID number (normalised: digits and X, upper case)."""
    return hmac.new(key.encode("utf-8"), _digits(id_number).encode("ascii"), hashlib.sha256).hexdigest()


def scan_fields(obj: Any, path: str = "") -> list[tuple[str, str]]:
    """Every ``(field path, kind)`` of personal data in the strings (and keys) of ``obj``."""
    out: list[tuple[str, str]] = []
    stack: list[tuple[str, Any]] = [(path, obj)]
    while stack:
        p, v = stack.pop()
        if isinstance(v, str):
            out.extend((p or "body", k) for k in find(v))
        elif isinstance(v, dict):
            for k, x in v.items():
                sub = f"{p}.{k}" if p else str(k)
                out.extend((sub, kind) for kind in find(str(k)))
                stack.append((sub, x))
        elif isinstance(v, (list, tuple)):
            stack.extend((f"{p}[{i}]", x) for i, x in enumerate(v))
    return sorted(set(out))
