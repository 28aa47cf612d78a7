"""Personal data in free text: mainland ID numbers (居民身份证号码, 18 characters: a province code,
a real birth date and a valid check digit, with or without spaces or hyphens between digits) and mobile numbers (11 digits
starting 13–19, optionally +86); and the keyed identity hash.

* :func:`find` lists what a text contains (the API refuses it with 422 naming the field, the
  loader rejects the row with file, line and field).
* :func:`mask` replaces each occurrence (every public answer passes through it).
* :func:`identity_hash` is HMAC-SHA256, under the configured key (``RETRACE_IDENTITY_KEY``), of the
  SHA-256 of the normalised ID number: without the key the 18-digit space cannot be searched. The
  inner SHA-256 is what older data stored unkeyed, so :func:`rewrap_legacy` turns a stored legacy
  hash into the keyed one without the ID number (``retrace identity migrate``).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

__all__ = [
    "ID_MASK",
    "MOBILE_MASK",
    "find",
    "identity_hash",
    "key_fingerprint",
    "mask",
    "rewrap_legacy",
    "scan_fields",
    "valid_id_number",
]

ID_MASK = "[身份证号已屏蔽]"
MOBILE_MASK = "[手机号已屏蔽]"
_SEP = r"[ \-\u2010-\u2015\u00a0]?"
_ID = re.compile(r"(?<![0-9A-Za-z])[1-9](?:" + _SEP + r"[0-9]){16}" + _SEP + r"[0-9Xx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86" + _SEP + r")?1[3-9][0-9](?:" + _SEP + r"[0-9]){8}(?![0-9])")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def _digits(s: str) -> str:
    return re.sub(r"[^0-9Xx]", "", s).upper()


_PROVINCES = frozenset({11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
                        50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91})


def valid_id_number(s: str) -> bool:
    """18 characters, a province code, a real birth date (1900-2099) and the GB 11643 check digit."""
    d = _digits(s)
    if len(d) != 18 or not d[:17].isdigit() or int(d[:2]) not in _PROVINCES:
        return False
    try:
        born = date(int(d[6:10]), int(d[10:12]), int(d[12:14]))
    except ValueError:
        return False
    if not 1900 <= born.year <= 2099:
        return False
    return _CHECK[sum(int(c) * w for c, w in zip(d[:17], _WEIGHTS, strict=True)) % 11] == d[17]


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
    return rewrap_legacy(hashlib.sha256(_digits(id_number).encode("ascii")).hexdigest(), key)


def rewrap_legacy(legacy_sha256: str, key: str) -> str:
    """The keyed hash from an unkeyed SHA-256 (hex) of the normalised number."""
    return hmac.new(key.encode("utf-8"), legacy_sha256.encode("ascii"), hashlib.sha256).hexdigest()


def key_fingerprint(key: str) -> str:
    """A short public name of a key (which key hashed the data), not usable to hash."""
    return hmac.new(key.encode("utf-8"), b"retrace identity key fingerprint", hashlib.sha256).hexdigest()[:16]


#: structured codes with their own format (an 18-digit 统一社会信用代码 can pass the ID checksum)
STRUCTURED_FIELDS = frozenset({"id_hash", "credit_code", "division_code"})


def scan_fields(obj: Any, path: str = "") -> list[tuple[str, str]]:
    """Every ``(field path, kind)`` of personal data in the strings (and keys) of ``obj``, except
    the values of :data:`STRUCTURED_FIELDS`."""
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
                if k not in STRUCTURED_FIELDS:
                    stack.append((sub, x))
        elif isinstance(v, (list, tuple)):
            stack.extend((f"{p}[{i}]", x) for i, x in enumerate(v))
    return sorted(set(out))
