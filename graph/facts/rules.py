"""The domain's rules over fetched facts, each written once: what is valid on a day (the date rule
itself is :func:`graph.model.temporal.coverage`), who held a post on a day, the government of a
unit, the unit and government of a post on a day, the principal posts of a unit, whether a post
is a government's principal post. Backtracking, propagation, turnover and integrity files all use
these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import ClassVar

from graph.facts.local import LocalGraph
from graph.model.temporal import CST, Coverage, coverage
from graph.stores.base import StoredRel

__all__ = [
    "Holding",
    "government_links",
    "governments_of",
    "holders_on",
    "is_principal_of_government",
    "principal_posts",
    "today_cst",
    "unit_and_government",
    "valid_rels",
]


def today_cst() -> date:
    return datetime.now(CST).date()


@dataclass
class Holding:
    """Who held a post on a day, and how sure that is."""

    status: str  # held | acting | vacant | unknown
    holders: list[tuple[StoredRel, Coverage]] = field(default_factory=list)
    before: StoredRel | None = None  # the last tenure that ended before the day (for vacancies)
    after: StoredRel | None = None  # the first tenure that starts after the day

    STATUS_ZH: ClassVar[dict[str, str]] = {"held": "在任", "acting": "空缺（代理）", "vacant": "空缺", "unknown": "不详（任职结束日期不详）"}


def holders_on(g: LocalGraph, post_id: str, day: date) -> Holding:
    tenures = sorted(g.ins(post_id, "HOLDS"), key=lambda t: (t.props.get("valid_from") or date.min, t.id))
    covering = [(t, coverage(t.props, day)) for t in tenures]
    yes: list[tuple[StoredRel, Coverage]] = [(t, c) for t, c in covering if c is Coverage.yes]
    maybe: list[tuple[StoredRel, Coverage]] = [(t, c) for t, c in covering if c is Coverage.unknown]
    substantive = [x for x in yes if not x[0].props.get("acting")]
    if substantive:
        status = "held"
    elif yes:
        status = "acting"
    elif maybe:
        status = "unknown"
    else:
        status = "vacant"
    h = Holding(status, yes + maybe)
    if status in ("vacant", "acting", "unknown"):
        ended = [t for t in tenures if t.props.get("valid_to") and t.props["valid_to"] < day]
        later = [t for t in tenures if t.props.get("valid_from") and t.props["valid_from"] > day]
        h.before = max(ended, key=lambda t: t.props["valid_to"]) if ended else None
        h.after = min(later, key=lambda t: t.props["valid_from"]) if later else None
    return h


def valid_rels(rels: list[StoredRel], day: date) -> list[StoredRel]:
    """The relationships certainly valid on the day, by id."""
    return sorted((r for r in rels if coverage(r.props, day) is Coverage.yes), key=lambda r: r.id)


def government_links(g: LocalGraph, unit: str, day: date | None = None) -> list[StoredRel]:
    """A unit's BELONGS_TO relationships to governments, by id: those valid on ``day``, or all when
    ``day`` is None."""
    links = [b for b in g.outs(unit, "BELONGS_TO") if g.kind(b.dst) == "Government"]
    return valid_rels(links, day) if day is not None else sorted(links, key=lambda r: r.id)


def governments_of(g: LocalGraph, unit: str, day: date | None = None) -> list[tuple[str, StoredRel | None]]:
    """The government of a unit, as ``(government id, the BELONGS_TO that leads there)``: a
    government is its own (no link); a department's are those it belongs to (on ``day``, or at any
    time when None), by link id."""
    if g.kind(unit) == "Government":
        return [(unit, None)]
    return [(b.dst, b) for b in government_links(g, unit, day)]


def unit_and_government(g: LocalGraph, post_id: str, day: date) -> tuple[StoredRel | None, StoredRel | None, str | None]:
    """The post's unit on the day (POST_IN), the department's BELONGS_TO, and the government id."""
    units = valid_rels(g.outs(post_id, "POST_IN"), day)
    if not units:
        return None, None, None
    pin = units[0]
    govs = governments_of(g, pin.dst, day)
    gov, link = govs[0] if govs else (None, None)
    return pin, link, gov


def principal_posts(g: LocalGraph, unit: str, day: date) -> list[StoredRel]:
    """The POST_IN relationships, valid on the day, of a unit's principal posts (主要负责人), by id."""
    return [pi for pi in valid_rels(g.ins(unit, "POST_IN"), day) if g.nodes[pi.src].props.get("is_principal") is True]


def is_principal_of_government(g: LocalGraph, post_id: str, day: date) -> bool:
    pin, _, gov = unit_and_government(g, post_id, day)
    return bool(g.nodes[post_id].props.get("is_principal")) and pin is not None and pin.dst == gov
