"""Check-digit-valid 统一社会信用代码 (GB 32100 / GB 11714) and fake ID numbers (only ever hashed)."""

from __future__ import annotations

from datetime import date
from random import Random

# GB 32100 (统一社会信用代码) and GB 11714 (组织机构代码) check characters
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_W = tuple(pow(3, i, 31) for i in range(17))
_ORG_W = (3, 7, 9, 10, 5, 8, 4, 2)
_ID_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _uscc(division: str, rng: Random) -> str:
    body = "".join(str(rng.randint(0, 9)) for _ in range(8))
    c = 11 - sum(int(ch) * w for ch, w in zip(body, _ORG_W, strict=True)) % 11
    org = body + ("X" if c == 10 else "0" if c == 11 else str(c))
    s17 = "91" + division + org
    c = 31 - sum(_USCC_CHARS.index(ch) * w for ch, w in zip(s17, _USCC_W, strict=True)) % 31
    return s17 + _USCC_CHARS[0 if c == 31 else c]


def _fake_id(region: str, birth: int, seq: int) -> str:
    s17 = f"{region}{date.fromordinal(birth):%Y%m%d}{seq:03d}"
    return s17 + "10X98765432"[sum(int(c) * w for c, w in zip(s17, _ID_W, strict=True)) % 11]
