"""Where posts sit and whom they report to: POST_IN and REPORTS_TO rows over time."""

from __future__ import annotations

from loaders.generate.base import _GenBase
from loaders.generate.dates import _AS_OF, _d, _iso, _year
from loaders.generate.model import Block, Post, _changes


class _Reporting(_GenBase):
    """Section moves, portfolio changes and the rows they give."""

    def structure(self, blk: Block) -> None:
        """POST_IN and REPORTS_TO rows (with section moves and portfolio changes)."""
        rng = self.rng
        for g in blk.govs:
            assert g.principal is not None
            changes = [c for c in _changes(g.principal) if c > _d(2011)]
            div_src: dict[int, dict[str, str]] = {}
            for i, u in enumerate(g.depts):
                assert u.principal is not None
                if not g.deputies:
                    continue
                cur = g.deputies[i % len(g.deputies)]
                segs: list[tuple[int | None, int | None, Post]] = []
                start: int | None = None
                for c in changes:
                    if rng.random() < 0.3 and len(g.deputies) > 1:
                        day = min(c + rng.randint(10, 60), _AS_OF)
                        if start is not None and day <= start:
                            continue
                        nxt = rng.choice([d for d in g.deputies if d is not cur])
                        segs.append((start, day - 1, cur))
                        start, cur = day, nxt
                segs.append((start, None, cur))
                u.principal.reports = segs
            for d in g.deputies:
                d.reports = [(None, None, g.principal)]
            for u in g.depts:
                assert u.principal is not None
                for d in u.deputies:
                    d.reports = [(None, None, u.principal)]
                for p in u.posts:
                    if p.role == "staff" and not u.sections:
                        p.reports = [(None, None, u.principal)]
                for sec in u.sections:
                    if sec.moved_to is not None:
                        m = sec.moved_on
                        assert sec.moved_to.principal is not None
                        sec.chief.reports = [(None, m - 1, u.principal), (m, None, sec.moved_to.principal)]
                        for p in sec.posts:
                            p.units = [(None, m - 1, u), (m, None, sec.moved_to)]
                    else:
                        sec.chief.reports = [(None, None, u.principal)]
                    for p in sec.posts[1:]:
                        p.reports = [(None, None, sec.chief)]
            # the documents that distribute the deputies' portfolios
            for p in [*g.deputies] + [u.principal for u in g.depts if u.principal is not None]:
                for a, _b, _q in p.reports:
                    key = a or 0
                    if key not in div_src:
                        y = _year(a) if a else rng.randint(2008, 2011)
                        div_src[key] = {"authority": g.name, "document": self.doc(g.abbr, "政发", y)}
            g_div = div_src
            for u in [g, *g.depts]:
                for p in u.posts:
                    units = p.units or [(None, None, u)]
                    for a, b, v in units:
                        self.rel("POST_IN", p.id, v.id, v.psrc, a, b)
                    for a, b, q in p.reports:
                        src = g_div.get(a or 0) if p.role in ("head", "gov_deputy") else u.src
                        self.rel("REPORTS_TO", p.id, q.id, src or u.src, a, b)
                        if a is not None and p.role == "head" and "portfolio_change" not in self.demo:
                            self.demo["portfolio_change"] = {"post": p.id, "post_name": p.name, "on": _iso(a),
                                                             "reports_to": q.id}
            for u in g.depts:
                for sec in u.sections:
                    if sec.moved_to is not None and "moved_post" not in self.demo:
                        self.demo["moved_post"] = {"post": sec.chief.id, "post_name": sec.chief.name,
                                                   "from_unit": u.id, "to_unit": sec.moved_to.id,
                                                   "on": _iso(sec.moved_on)}
