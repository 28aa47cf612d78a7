"""Commitments of governments and departments (to companies, or public pledges), kept or broken."""

from __future__ import annotations

from typing import Any

from loaders.generate.companies import _Companies
from loaders.generate.dates import _AS_OF, _d, _iso, _year
from loaders.generate.judgments import _Judgments
from loaders.generate.model import Block, Unit, _changes, _holder_on
from loaders.generate.responsible import _Responsible
from loaders.generate.vocab_projects import _BENEFITS, _DEADLINE_THINGS, _PAY_THINGS, _PLEDGE_ITEMS


class _Commitments(_Responsible, _Companies, _Judgments):
    """Commitments (COMMITTED_BY, PROMISED_TO, RESPONSIBLE_FOR) and their consequences."""

    def commitment(self, blk: Block, g: Unit, prj: dict[str, Any] | None) -> None:
        rng = self.rng
        if prj is not None and prj["companies"]:
            owner = prj["owner"]
            if prj["kind"] == "investment_promotion" and rng.random() < 0.6:
                kind = "policy"
            elif prj["kind"] in ("procurement", "government_debt"):
                kind = rng.choice(("quality", "deadline"))
            else:
                kind = rng.choice(("quality", "deadline", "guarantee"))
            co = rng.choice(prj["companies"])
            made = self.between(prj["start"], min(prj["start"] + 700, _AS_OF - 30))
        else:
            prj = None
            owner = g if not g.depts or rng.random() < 0.4 else rng.choice(g.depts)
            if g.level == "township" or (owner.is_gov and rng.random() < 0.3):
                kind, co = "public_pledge", None
            else:
                kind = rng.choice(("quality", "deadline", "guarantee", "policy"))
                co = self.pick_company(("manufacturing", "services", "construction"))
            made = rng.randint(_d(2012), _AS_OF - 60)
        gov = owner.gov or owner
        assert owner.principal is not None
        due = made + rng.randint(90, 1095)
        if kind == "policy":
            name = f"{owner.name}关于给予{co[1] if co else ''}{rng.choice(_BENEFITS)}的承诺"
        elif kind == "quality":
            name = f"{owner.name}关于{(prj or {}).get('name') or (co[1] if co else '')}审批服务质量的承诺"
        elif kind == "deadline":
            things = _PAY_THINGS if prj is not None and prj["kind"] in ("procurement", "government_debt", "bidding") \
                else _DEADLINE_THINGS
            name = (f"{owner.name}关于{(prj or {}).get('name') or (co[1] if co else '')}"
                    f"{rng.choice((15, 20, 30, 60, 90))}个工作日内{rng.choice(things)}的承诺")
        elif kind == "guarantee":
            name = f"{owner.name}关于{(prj or {}).get('name') or (co[1] if co else '')}水电气要素保障的承诺"
        else:
            name = f"{owner.name}{_year(made)}年度为民办实事公开承诺（{rng.choice(_PLEDGE_ITEMS)}）"
        resp = self.primary_post(owner)
        status, broken = "pending", None
        if rng.random() < 0.2:
            chg = [(c, q) for q in (resp, gov.principal) for c in _changes(q) if made < c <= min(due, _AS_OF - 30)]
            if chg and rng.random() < 0.5:
                c, _q = rng.choice(chg)
                broken = c + rng.randint(30, min(365, _AS_OF - c))
            elif due < _AS_OF - 1:
                broken = due + rng.randint(1, min(120, _AS_OF - due))
            if broken is not None:
                status = "broken"
        if status == "pending" and due < _AS_OF:
            status = "kept"
        mid = self.nid("cmt", 6)
        msrc = {"authority": owner.name,
                "document": self.doc(owner.abbr, "公开承诺" if kind == "public_pledge" else "函", _year(made))}
        row: dict[str, Any] = {"id": mid, "name": name, "kind": kind, "status": status, "made_on": _iso(made),
                               "due_on": _iso(due)}
        if broken is not None:
            row["broken_on"] = _iso(broken)
        row["valid_from"] = _iso(made)
        row["source"] = msrc
        self.out.write("Commitment", row)
        self.rel("COMMITTED_BY", mid, owner.id, msrc)
        if co is not None:
            self.rel("PROMISED_TO", mid, co[0], msrc)
        if prj is not None:
            self.rel("FOR_PROJECT", mid, prj["id"], msrc)
        self.rel("RESPONSIBLE_FOR", resp.id, mid, msrc, made, None, {"duty": "承诺兑现责任人"})
        if broken is None:
            return
        if "broken_commitment" not in self.demo:
            self.demo["broken_commitment"] = {"commitment": mid, "name": name, "broken_on": _iso(broken)}
        sev = self.weighted((("general", 5), ("serious", 2), ("light", 3)))
        self.record(blk, "broken_commitment", owner.id, f"{owner.name}未兑现承诺（{name}）", broken, gov,
                    evidence=mid, severity=sev)
        if rng.random() < 0.4:
            h = _holder_on(resp, broken, strict=False)
            if h is not None and h.official:
                nm = blk.names.get(h.official, "")
                self.record(blk, "broken_commitment", h.official, f"{nm}负责的承诺未兑现（{name}）", broken, gov,
                            evidence=mid, severity=sev, dimension="duty")
        if co is not None and rng.random() < 0.3:
            eff = broken + rng.randint(180, 700)
            if eff <= _AS_OF:
                self.judgment(blk, {"id": mid, "owner": owner, "gov": gov, "co": co, "project": None}, eff,
                              p_performed=0.5, concerns=(mid, "Commitment"))
