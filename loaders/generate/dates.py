"""The data's "today" (``AS_OF``) and days as ordinals: ``_d`` builds one, ``_iso`` and ``_year`` read one."""

from __future__ import annotations

from datetime import date

#: the data's "today": current tenures are open, nothing happens after this day
AS_OF = date(2026, 6, 30)

_AS_OF = AS_OF.toordinal()


def _d(y: int, m: int = 1, d: int = 1) -> int:
    return date(y, m, d).toordinal()


_ISO: dict[int, str] = {}
_YEAR: dict[int, int] = {}


def _iso(o: int) -> str:
    s = _ISO.get(o)
    if s is None:
        s = _ISO[o] = date.fromordinal(o).isoformat()
    return s


def _year(o: int) -> int:
    y = _YEAR.get(o)
    if y is None:
        y = _YEAR[o] = date.fromordinal(o).year
    return y
