"""The red list (守信激励, 003): units graded A for the period (a government by its roll-up, so the
whole region below it) with no live record decided in the
last ``sanctions.incentive_clean_years`` years up to the period's end, and officials in office at
the end of the period with no live record about them directly nor attributed with weight of at
least ``sanctions.attributed_min_weight`` decided in those years."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from graph.evaluation.population import load, record_unit
from graph.evaluation.scoring import evaluate, parse_period
from graph.model.enums import RecordStatus
from graph.model.policy import PolicySet, default_policies
from graph.model.temporal import add_months
from graph.stores.base import GraphStore

__all__ = ["red_list"]


def red_list(store: GraphStore, period: str, *, as_of: date | datetime | None = None,
             policies: PolicySet | None = None) -> dict[str, Any]:
    policy = (policies or default_policies()).default
    per = parse_period(period)
    years = policy.sanctions.incentive_clean_years
    since = add_months(per.end, -12 * years)
    ev = evaluate(store, period, as_of=as_of, policies=policies)
    g, when = load(store, as_of)
    live = [rid for rid, n in g.nodes.items() if n.kind == "DishonestyRecord"
            and n.props.get("status") != RecordStatus.revoked.value and n.props.get("decided_on")
            and since < n.props["decided_on"] <= per.end]
    dirty_units = {record_unit(g, rid, g.nodes[rid].props["decided_on"]) for rid in live}
    units = [{"id": r["unit"]["id"], "kind": r["unit"]["kind"], "name": r["unit"]["name"], "score": r["score"],
              "grade": r["grade"]}
             for r in ev["items"] if r.get("rollup", r)["grade"] == "A" and r["unit"]["id"] not in dirty_units]
    min_w = policy.sanctions.attributed_min_weight
    dirty_people = set()
    for rid in live:
        dirty_people |= {r.dst for r in g.outs(rid, "RECORD_SUBJECT") if g.kind(r.dst) == "Official"}
        dirty_people |= {a.dst for a in g.outs(rid, "ATTRIBUTED_TO") if a.props.get("active")
                         and (a.props.get("weight") or 0) >= min_w}
    from graph.evaluation.population import Structure

    s = Structure(g, per.end)
    in_office = sorted({o for os in s.officials.values() for o in os})
    people = [{"id": o, "name": g.name(o)} for o in in_office if o not in dirty_people]
    return {"period": str(per), "as_of": when, "clean_years": years, "since": since,
            "rule": f"{years}年内无政务失信记录的单位和个人，评优评先优先考虑（003 守信激励）",
            "units": units, "officials": people}
