"""Valid-time rules, in one place.

A fact holds on day D when ``valid_from <= D <= valid_to`` (both inclusive). A missing
``valid_from`` means "since before anything we know"; a missing ``valid_to`` means "still holds",
unless the fact says its end is unknown (``end_unknown``), in which case whether it held on a
day after its start cannot be known and the caller must say so instead of guessing.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date, timedelta, timezone
from enum import StrEnum
from typing import Any

__all__ = ["CST", "Coverage", "add_months", "coverage", "overlaps", "period_end", "valid_on"]

#: China Standard Time: calendar dates of the domain are dates in this zone.
CST = timezone(timedelta(hours=8), "CST")


class Coverage(StrEnum):
    yes = "yes"
    no = "no"
    unknown = "unknown"  # started before D, ended at an unknown date


def coverage(props: Mapping[str, Any], day: date) -> Coverage:
    start = props.get("valid_from")
    end = props.get("valid_to")
    if start is not None and day < start:
        return Coverage.no
    if end is not None:
        return Coverage.yes if day <= end else Coverage.no
    if props.get("end_unknown"):
        return Coverage.unknown
    return Coverage.yes


def valid_on(props: Mapping[str, Any], day: date) -> bool:
    """True when the fact certainly holds on ``day``."""
    return coverage(props, day) is Coverage.yes


def overlaps(props: Mapping[str, Any], start: date, end: date) -> bool:
    """True when the fact's valid time meets the period ``start``..``end`` (inclusive) at all; an
    open or unknown end counts as reaching into the period (used to gather candidates, e.g. the
    tenures of a post between a signing and a breach; whether it held on a day is :func:`coverage`)."""
    vf, vt = props.get("valid_from"), props.get("valid_to")
    return (vf is None or vf <= end) and (vt is None or vt >= start)


def add_months(d: date, months: int) -> date:
    """Same day ``months`` later (clamped to the month's last day)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def period_end(start: date, months: int) -> date:
    """The last day of a period of ``months`` months from ``start`` (inclusive): the day before the
    same day ``months`` later (a publicity period, 公示期)."""
    return add_months(start, months) - timedelta(days=1)
