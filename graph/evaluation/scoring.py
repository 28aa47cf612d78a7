"""Evaluation of governments and departments for a period (政务诚信评价, 000 §5, 003).

For each unit: the indicators of its scope (a department: itself; a government: itself and its
departments), each normalised by the unit's size (officials in office at the end of the period
per ``evaluation.size_unit``, at least one unit), the score ``base − Σ weight × normalised``
(never below 0), the grade (A/B/C/D by ``evaluation.grades``), the rank among its peers (governments
of the same level under the same parent; departments of the same government; equal scores share a
rank), the change from the previous period, and per indicator its value and the facts or records
behind it. A government also gets a roll-up over itself and every government below it
(township → county → city → province): values and sizes summed, scored the same way.

"As known on D" (``as_of``) reads every fact and record in the version recorded by the end of D.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from graph.errors import InvalidRequest, NotFoundError
from graph.evaluation.indicators import INDICATOR_ZH, by_unit, contributions
from graph.evaluation.population import Structure, load
from graph.model.enums import GovLevel
from graph.model.evaluation_policy import INDICATORS
from graph.model.policy import Policy, PolicySet, default_policies
from graph.stores.base import GraphStore

__all__ = ["Period", "evaluate", "parse_period", "score_of", "unit_evaluation"]

_PERIOD = re.compile(r"^(\d{4})(?:-Q([1-4]))?$")


class Period:
    def __init__(self, year: int, quarter: int | None = None) -> None:
        self.year, self.quarter = year, quarter

    @property
    def start(self) -> date:
        return date(self.year, 1 if self.quarter is None else 3 * self.quarter - 2, 1)

    @property
    def end(self) -> date:
        if self.quarter is None or self.quarter == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.quarter + 1, 1) - timedelta(days=1)

    def previous(self) -> Period:
        if self.quarter is None:
            return Period(self.year - 1)
        return Period(self.year, self.quarter - 1) if self.quarter > 1 else Period(self.year - 1, 4)

    def __str__(self) -> str:
        return f"{self.year}" if self.quarter is None else f"{self.year}-Q{self.quarter}"


def parse_period(text: str) -> Period:
    m = _PERIOD.match(text or "")
    if not m:
        raise InvalidRequest(f"period {text!r}: use a year (2026) or a quarter (2026-Q1)")
    return Period(int(m.group(1)), int(m.group(2)) if m.group(2) else None)


def score_of(values: dict[str, int], officials: int, policy: Policy) -> tuple[float, float, list[dict[str, Any]]]:
    """(score, size divisor, per-indicator rows without evidence)."""
    ev = policy.evaluation
    divisor = max(1.0, officials / ev.size_unit)
    rows, lost = [], 0.0
    for k in INDICATORS:
        v = values.get(k, 0)
        norm = v / divisor
        pts = ev.weights[k] * norm
        lost += pts
        rows.append({"key": k, "label": INDICATOR_ZH[k], "value": v, "normalised": round(norm, 4),
                     "weight": ev.weights[k], "points": round(pts, 4)})
    return round(max(0.0, ev.base - lost), 2), divisor, rows


def _ranks(scores: dict[str, float], key) -> dict[str, tuple[int, int]]:
    groups: dict[Any, list[str]] = {}
    for u in scores:
        groups.setdefault(key(u), []).append(u)
    out = {}
    for members in groups.values():
        for u in members:
            out[u] = (1 + sum(1 for o in members if scores[o] > scores[u]), len(members))
    return out


def _compute(g, policy: Policy, period: Period) -> dict[str, Any]:
    s = Structure(g, period.end)
    per = by_unit(contributions(g, s, policy, period.start, period.end))
    units = s.governments + s.departments
    own: dict[str, dict[str, list[str]]] = {}
    size: dict[str, int] = {}
    for u in units:
        scope = s.scope(u)
        own[u] = {k: sorted({e for x in scope for e in per.get(x, {}).get(k, [])}) for k in INDICATORS}
        size[u] = len({o for x in scope for o in s.officials.get(x, ())})
    scores = {u: score_of({k: len(v) for k, v in own[u].items()}, size[u], policy)[0] for u in units}
    roll: dict[str, dict[str, list[str]]] = {}
    roll_size: dict[str, int] = {}
    for gov in s.governments:
        tree = s.subtree(gov)
        roll[gov] = {k: sorted({e for x in tree for e in own[x][k]}) for k in INDICATORS}
        roll_size[gov] = len({o for x in tree for y in s.scope(x) for o in s.officials.get(y, ())})
    return {"s": s, "own": own, "size": size, "scores": scores, "roll": roll, "roll_size": roll_size}


def _unit_row(u: str, c: dict[str, Any], prev: dict[str, Any], policy: Policy, period: Period,
              ranks: dict[str, tuple[int, int]], drill: bool) -> dict[str, Any]:
    s: Structure = c["s"]
    g = s.g
    n = g.nodes[u]
    values = {k: len(v) for k, v in c["own"][u].items()}
    score, divisor, rows = score_of(values, c["size"][u], policy)
    if drill:
        for r in rows:
            r["evidence"] = [{"id": e, "kind": g.kind(e), "name": g.name(e)} for e in c["own"][u][r["key"]]]
    before = prev["scores"].get(u)
    level = n.props.get("level")
    parent = s.parent.get(u) if n.kind == "Government" else s.gov_of.get(u)
    out = {
        "unit": {"id": u, "kind": n.kind, "name": n.props.get("name"), "level": level,
                 "level_label": GovLevel(level).label if level else None,
                 "parent": {"id": parent, "name": g.name(parent)} if parent else None},
        "period": str(period), "from": period.start, "to": period.end,
        "score": score, "grade": policy.evaluation.grades.of(score),
        "rank": ranks[u][0], "peers": ranks[u][1],
        "previous": {"period": str(period.previous()), "score": before},
        "change": round(score - before, 2) if before is not None else None,
        "officials": c["size"][u], "size_units": round(divisor, 4),
        "indicators": rows,
    }
    if n.kind == "Government":
        rv = {k: len(v) for k, v in c["roll"][u].items()}
        rscore, rdiv, rrows = score_of(rv, c["roll_size"][u], policy)
        out["rollup"] = {"governments": len(s.subtree(u)), "officials": c["roll_size"][u], "size_units": round(rdiv, 4),
                         "score": rscore, "grade": policy.evaluation.grades.of(rscore),
                         "values": {r["key"]: r["value"] for r in rrows}}
    return out


def evaluate(store: GraphStore, period: str, *, as_of: date | datetime | None = None,
             policies: PolicySet | None = None, government: str | None = None, kind: str | None = None,
             drill: bool = False) -> dict[str, Any]:
    """Every government and department (or those in ``government``'s subtree), ranked."""
    policy = (policies or default_policies()).default
    per = parse_period(period)
    if kind not in (None, "Government", "Department"):
        raise InvalidRequest("kind must be Government or Department")
    g, when = load(store, as_of)
    c = _compute(g, policy, per)
    prev = _compute(g, policy, per.previous())
    s: Structure = c["s"]
    if government is not None and (government not in g.nodes or g.kind(government) != "Government"):
        raise NotFoundError(f"no government with id {government!r}")
    ranks = _ranks(c["scores"], s.peers_key)
    units = s.governments + s.departments
    if government is not None:
        keep = set(s.subtree(government))
        units = [u for u in units if u in keep or s.gov_of.get(u) in keep]
    if kind:
        units = [u for u in units if g.kind(u) == kind]
    items = [_unit_row(u, c, prev, policy, per, ranks, drill) for u in units]
    items.sort(key=lambda r: (r["unit"]["kind"], str(r["unit"]["parent"] and r["unit"]["parent"]["id"]),
                              r["rank"], r["unit"]["id"]))
    return {"period": str(per), "from": per.start, "to": per.end, "as_of": when, "government": government,
            "policy": {"jurisdiction": policy.jurisdiction, "version": policy.version_id},
            "grades": policy.evaluation.grades.model_dump(), "total": len(items), "items": items}


def unit_evaluation(store: GraphStore, unit: str, period: str, *, as_of: date | datetime | None = None,
                    policies: PolicySet | None = None) -> dict[str, Any]:
    """One unit with the drill-down to the facts and records behind every indicator."""
    policy = (policies or default_policies()).default
    per = parse_period(period)
    g, when = load(store, as_of)
    if unit not in g.nodes or g.kind(unit) not in ("Government", "Department"):
        raise NotFoundError(f"no government or department with id {unit!r}" + (f" known on {as_of}" if as_of else ""))
    c = _compute(g, policy, per)
    prev = _compute(g, policy, per.previous())
    ranks = _ranks(c["scores"], c["s"].peers_key)
    out = _unit_row(unit, c, prev, policy, per, ranks, True)
    out["as_of"] = when
    out["policy"] = {"jurisdiction": policy.jurisdiction, "version": policy.version_id}
    return out
