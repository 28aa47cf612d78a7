"""Projects of a government and its departments: stages, responsible posts, contracts, arrears."""

from __future__ import annotations

from typing import Any

from loaders.generate.commitments import _Commitments
from loaders.generate.contracts import _Contracts
from loaders.generate.dates import _AS_OF, _d, _iso, _year
from loaders.generate.model import Block, Post, Unit, _holder_on, _min_end
from loaders.generate.vocab_names import _PLACE_A, _PLACE_B
from loaders.generate.vocab_projects import (
    _AREAS,
    _BID_THEMES,
    _DEBT_USES,
    _IMPL_DAYS,
    _IP_THEMES,
    _KIND_OWNER_CATS,
    _KIND_STAGES,
    _KIND_WEIGHTS,
    _PPP_THEMES,
    _PROC_BY_CAT,
    _PROC_ITEMS,
    _STAGE_DAYS,
    _STAGE_LABEL,
)


class _Projects(_Contracts, _Commitments):
    """Projects (OWNED_BY, HAS_STAGE, RESPONSIBLE_FOR) and what hangs on them."""

    def projects(self, blk: Block, g: Unit) -> None:
        rng = self.rng
        n = rng.randint(*self.sc.projects[g.level])
        items: list[dict[str, Any]] = []
        for i in range(n):
            # the first projects of a prefecture cover every kind (small bundles show them all)
            kind = _KIND_WEIGHTS[i][0] if g.level == "prefecture" and i < len(_KIND_WEIGHTS) else None
            items.append(self.project(blk, g, kind))
        n_cmt = round(n * 2.2) + (rng.randint(2, 6) if g.level == "township" else 0)
        for _ in range(n_cmt):
            self.commitment(blk, g, rng.choice(items) if items and rng.random() < 0.6 else None)

    def owner_for(self, g: Unit, kind: str) -> Unit:
        rng = self.rng
        p_gov = {"ppp": 0.5, "investment_promotion": 0.4, "procurement": 0.05, "bidding": 0.2,
                 "government_debt": 0.3}[kind]
        if not g.depts or rng.random() < p_gov:
            return g
        cats = _KIND_OWNER_CATS[kind]
        if cats:
            opts = [g.by_cat[c] for c in cats if c in g.by_cat]
            if opts:
                return rng.choice(opts)
            if kind in ("government_debt", "investment_promotion"):
                return g
        return rng.choice(g.depts)

    def project_name(self, g: Unit, owner: Unit, kind: str, start: int) -> str:
        rng = self.rng
        y = _year(start)
        place = g.place
        if kind == "ppp":
            return f"{place}{rng.choice(_AREAS)}{rng.choice(_PPP_THEMES)}PPP项目"
        if kind == "investment_promotion":
            t = rng.choice(_IP_THEMES).format(n=rng.choice((2, 3, 5, 10, 20, 30)))
            return f"{place}{t}项目"
        if kind == "procurement":
            items = _PROC_BY_CAT.get(owner.category or "", ()) + _PROC_ITEMS
            return f"{owner.name}{y}年{rng.choice(items)}采购项目"
        if kind == "bidding":
            x = rng.choice(_PLACE_A) + rng.choice(_PLACE_B)
            return place + rng.choice(_BID_THEMES).format(x=x, n=rng.randint(1, 12))
        return f"{y}年{place}政府专项债券（{rng.choice(_DEBT_USES)}）项目"

    def project(self, blk: Block, g: Unit, kind: str | None = None) -> dict[str, Any]:
        rng = self.rng
        kind = kind or self.weighted(_KIND_WEIGHTS)
        if g.level == "township" and kind in ("government_debt", "ppp") and rng.random() < 0.7:
            kind = "procurement" if rng.random() < 0.5 else "bidding"
        owner = self.owner_for(g, kind)
        start = rng.randint(_d(2011), _d(2025, 9, 30))
        name = self.project_name(g, owner, kind, start)
        inv_range = {"ppp": (2e8, 5e9), "investment_promotion": (5e7, 3e9), "procurement": (2e5, 2e7),
                     "bidding": (1e6, 3e8), "government_debt": (1e8, 2e9)}[kind]
        scale = 0.3 if g.level == "township" else 1.0
        investment = round(rng.uniform(*inv_range) * scale, -4)
        pid = self.nid("prj", 6)
        psrc = {"authority": (owner.gov or owner).by_cat.get("发改", owner).name if kind != "procurement"
                else owner.name,
                "document": self.doc((owner.gov or owner).abbr, "发改投资" if kind != "procurement" else "财采",
                                     _year(start))}
        # stages
        stages: list[tuple[str, str, int, int | None]] = []
        cur = start
        terminated = kind == "ppp" and rng.random() < 0.12
        for st in _KIND_STAGES[kind]:
            if cur > _AS_OF:
                break
            if st == "handover" and not terminated:
                break
            if st == "implementation":
                lo, hi = _IMPL_DAYS[kind]
            elif st == "execution" and terminated:
                lo, hi = 365, 2000
            else:
                lo, hi = _STAGE_DAYS[st]
            e = cur + rng.randint(lo, hi) - 1
            sid = f"stg:{pid[4:]}:{st}"
            stages.append((st, sid, cur, None if e >= _AS_OF else e))
            if e >= _AS_OF:
                break
            cur = e + 1
        done = bool(stages) and stages[-1][3] is not None
        status = ("terminated" if terminated else "completed") if done else "in_progress"
        row: dict[str, Any] = {"id": pid, "name": name, "kind": kind, "start_date": _iso(start),
                               "investment": investment, "status": status, "valid_from": _iso(start),
                               "source": psrc}
        self.out.write("Project", row)
        blk.projects.setdefault(owner.id, []).append((pid, name, start))
        self.rel("OWNED_BY", pid, owner.id, psrc, start)
        if kind == "ppp" and "ppp_project" not in self.demo:
            self.demo["ppp_project"] = {"project": pid, "name": name}
        gov = owner.gov or owner
        assert gov.principal is not None
        resp_posts: list[Post] = []
        stage_dates: dict[str, tuple[int, int | None]] = {}
        for st, sid, a, b in stages:
            label = _STAGE_LABEL[st]
            ssrc = {"authority": owner.name, "document": self.doc(owner.abbr, "函", _year(a))}
            srow: dict[str, Any] = {"id": sid, "name": f"{name}（{label}阶段）", "stage": st, "valid_from": _iso(a)}
            if b is not None:
                srow["valid_to"] = _iso(b)
            srow["source"] = ssrc
            self.out.write("ProjectStage", srow)
            self.rel("HAS_STAGE", pid, sid, psrc)
            stage_dates[st] = (a, b)
            rsrc = {"authority": gov.name, "document": self.doc(gov.abbr, "政办函", _year(a))}
            main = self.primary_post(owner)
            duty = f"{label}阶段政府方责任人"
            if b is not None and b - a > 400 and rng.random() < 0.08:
                # responsibility handed to another post in the middle of the stage
                mid = a + (b - a) // 2
                other = self.primary_post(owner)
                if other is main:
                    other = gov.principal
                self.rel("RESPONSIBLE_FOR", main.id, sid, rsrc, a, mid - 1, {"duty": duty})
                self.rel("RESPONSIBLE_FOR", other.id, sid, rsrc, mid, b, {"duty": duty})
                resp_posts += [main, other]
            else:
                self.rel("RESPONSIBLE_FOR", main.id, sid, rsrc, a, b, {"duty": duty})
                resp_posts.append(main)
            if rng.random() < 0.35:
                second = gov.principal if owner.is_gov or rng.random() < 0.3 else self.supervisor(owner, a)
                if second is not main:
                    self.rel("RESPONSIBLE_FOR", second.id, sid, rsrc, a, b, {"duty": "分管领导"})
                    resp_posts.append(second)
            if rng.random() < 0.1:
                h = _holder_on(main, a, strict=True)
                if h is not None and h.official is not None:  # (every slot has its official by now)
                    self.rel("RESPONSIBLE_FOR", h.official, sid, rsrc, a, _min_end(h.end, b),
                             {"duty": "项目负责人（个人）"})
        item = {"id": pid, "name": name, "kind": kind, "owner": owner, "gov": gov, "resp": resp_posts,
                "investment": investment,
                "companies": [], "stages": stage_dates, "done": done, "start": start}
        self.contracts(blk, item)
        # arrears on construction projects (拖欠工程款/农民工工资)
        if (kind in ("bidding", "ppp") and ("implementation" in stage_dates or "execution" in stage_dates)
                and rng.random() < 0.08):
            a, b = stage_dates.get("implementation") or stage_dates["execution"]
            act = self.between(a + 90, min(b or _AS_OF, _AS_OF))
            subj = (pid, "Project") if rng.random() < 0.5 or not self.project_subject else (owner.id, "unit")
            self.project_subject = True
            word = "拖欠农民工工资" if rng.random() < 0.4 else "拖欠工程款"
            self.record(blk, "arrears", subj[0], f"{owner.name}{word}（{name}）", act, gov,
                        evidence=pid, severity=self.weighted((("general", 5), ("serious", 4), ("light", 1))))
        return item
