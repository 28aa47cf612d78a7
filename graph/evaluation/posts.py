"""Posts whose holder changed after a contract was signed, a commitment made or a PPP stage's
responsibility began (000 #13: no breaking promises because the person changed). Used by the
evaluation (breaches after turnover) and by the turnover watch of the early warnings.

The watched posts of an item: a contract's signing post (SIGNED_AS) and the posts responsible
(RESPONSIBLE_FOR) for the stages of its project; a commitment's responsible posts; a stage's own
responsible posts. The predecessors are the holders on the start date (for the signing post also
the official who signed, SIGNED_BY); the post changed when a predecessor no longer holds it on the
day; the change date is the latest start, after the start date, of a tenure covering the day
(the successor took office), else the day after the latest predecessor tenure ended.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from graph.facts.local import LocalGraph
from graph.facts.rules import holders_on
from graph.model.temporal import Coverage, coverage

__all__ = ["holder_change", "watched_posts"]


def watched_posts(g: LocalGraph, item: str) -> list[tuple[str, str]]:
    """(post id, role) pairs for a contract, commitment or project stage."""
    out: list[tuple[str, str]] = []
    kind = g.kind(item)
    if kind == "Contract":
        out += [(r.dst, "signatory") for r in g.outs(item, "SIGNED_AS")]
        for fp in g.outs(item, "FOR_PROJECT"):
            for hs in g.outs(fp.dst, "HAS_STAGE"):
                out += [(r.src, "responsible") for r in g.ins(hs.dst, "RESPONSIBLE_FOR") if g.kind(r.src) == "Post"]
    elif kind in ("Commitment", "ProjectStage"):
        out += [(r.src, "responsible") for r in g.ins(item, "RESPONSIBLE_FOR") if g.kind(r.src) == "Post"]
    seen: dict[str, str] = {}
    for post, role in out:
        seen.setdefault(post, role)  # the signing post first
    return sorted(seen.items())


def _holders(g: LocalGraph, post: str, day: date) -> list[str]:
    return sorted({t.src for t, c in holders_on(g, post, day).holders if c is Coverage.yes})


def holder_change(g: LocalGraph, post: str, start: date, day: date, signer: str | None = None) -> dict[str, Any] | None:
    """The change of holder of ``post`` between ``start`` and ``day``, or None if none."""
    before = _holders(g, post, start)
    if signer and signer not in before:
        before = sorted({*before, signer})
    if not before:
        return None
    now = _holders(g, post, day)
    gone = [o for o in before if o not in now]
    if not gone:
        return None
    tenures = g.ins(post, "HOLDS")
    starts = [t.props["valid_from"] for t in tenures if coverage(t.props, day) is Coverage.yes
              and t.props.get("valid_from") and start < t.props["valid_from"] <= day]
    ends = [t.props["valid_to"] + timedelta(days=1) for t in tenures if t.src in gone
            and t.props.get("valid_to") and start <= t.props["valid_to"] < day]
    changed = max(starts) if starts else (max(ends) if ends else None)
    if changed is None:
        return None
    return {"post": {"id": post, "name": g.name(post)}, "changed_on": changed,
            "predecessors": [{"id": o, "name": g.name(o)} for o in gone],
            "successors": [{"id": o, "name": g.name(o)} for o in now]}
