"""Contracts of a project: who signs them, breaches (many after a change of holder) and what follows."""

from __future__ import annotations

from typing import Any

from loaders.generate.companies import _Companies
from loaders.generate.dates import _AS_OF, _iso, _year
from loaders.generate.judgments import _Judgments
from loaders.generate.model import Block, Post, Slot, _changes, _holder_on
from loaders.generate.responsible import _Responsible
from loaders.generate.vocab_names import _CN_NUM
from loaders.generate.vocab_projects import _KIND_PARTIES, _SIGN_STAGE
from loaders.generate.vocab_records import _ACCOUNT_ACTS


class _Contracts(_Responsible, _Companies, _Judgments):
    """Contracts (FOR_PROJECT, HAS_PARTY, SIGNED_BY, SIGNED_AS, INVESTS_IN) and breach consequences."""

    def contracts(self, blk: Block, prj: dict[str, Any]) -> None:
        rng = self.rng
        kind, owner, gov = prj["kind"], prj["owner"], prj["gov"]
        st = prj["stages"].get(_SIGN_STAGE[kind])
        if not st or st[1] is None:
            return
        a, b = st
        lo, hi = {"ppp": (2, 6), "investment_promotion": (1, 5), "procurement": (3, 11), "bidding": (3, 11),
                  "government_debt": (1, 3)}[kind]
        n = rng.randint(lo, hi)
        groups, role = _KIND_PARTIES[kind]
        main_co = self.pick_company(groups)
        prj["companies"].append(main_co)
        partner = self.pick_company(groups) if kind == "ppp" and rng.random() < 0.3 else None
        if partner and partner != main_co:
            prj["companies"].append(partner)
        later = prj["stages"].get("execution") or prj["stages"].get("implementation")
        for i in range(n):
            if kind in ("procurement", "bidding"):
                co = main_co if i == 0 else self.pick_company(groups)
                label = "采购合同" if kind == "procurement" else "施工合同"
                cname = f"{prj['name']}（第{_CN_NUM[i] if i < 10 else i + 1}{'包' if kind == 'procurement' else '标段'}）{label}"
                day = max(a, b - rng.randint(0, 45))
                if co not in prj["companies"]:
                    prj["companies"].append(co)
            else:
                co = main_co
                if i == 0:
                    cname = prj["name"] + {"ppp": "合同", "investment_promotion": "投资合作协议",
                                           "government_debt": "承销协议"}[kind]
                    day = max(a, b - rng.randint(0, 30))
                else:
                    if not later:
                        break
                    la, lb = later
                    day = self.between(la + 30, min(lb or _AS_OF, _AS_OF))
                    cname = f"{prj['name']}补充协议（{_CN_NUM[min(i - 1, 9)]}）"
            if day > _AS_OF:
                break
            # who signs: the owner's principal mostly, a deputy sometimes, the head of government for
            # big investment agreements
            cands: list[Post] = []
            assert owner.principal is not None and gov.principal is not None
            if kind == "investment_promotion" and owner.is_gov and rng.random() < 0.5:
                cands.append(gov.principal)
            if rng.random() < 0.75:
                cands.append(owner.principal)
            cands += rng.sample(owner.deputies, len(owner.deputies))
            if owner.principal not in cands:
                cands.append(owner.principal)
            found = self.signatory(cands, day)
            if found is None:
                continue
            post, slot, day = found
            self.contract(blk, prj, cname, co, role, post, slot, day, partner if i == 0 else None)

    def contract(self, blk: Block, prj: dict[str, Any], cname: str, co: tuple[str, str], role: str, post: Post,
                 slot: Slot, signed: int, partner: tuple[str, str] | None) -> None:
        rng = self.rng
        owner, gov = prj["owner"], prj["gov"]
        kind = prj["kind"]
        cid = self.nid("ctr", 7)
        status = "fulfilled" if prj["done"] else "performing"
        breached = None
        change: tuple[int, Post] | None = None
        if signed < _AS_OF - 90 and rng.random() < 0.10:
            cands: list[tuple[int, Post]] = []
            seen_posts: list[Post] = []
            for q in [post, *prj["resp"], gov.principal]:
                if q in seen_posts:
                    continue
                seen_posts.append(q)
                for c in _changes(q):
                    if signed < c <= _AS_OF - 30:
                        cands.append((c, q))
            if cands and rng.random() < 0.65:
                lead = [cq for cq in cands if cq[1] is gov.principal]
                c, q = rng.choice(lead if lead and rng.random() < 0.5 else cands)
                breached = c + rng.randint(30, min(365, _AS_OF - c))
                change = (c, q)
            else:
                breached = signed + rng.randint(60, max(60, min(1500, _AS_OF - signed)))
            status = "breached"
        elif rng.random() < 0.04:
            status = "terminated" if rng.random() < 0.6 else "changed_lawfully"
        inv = prj["investment"]
        if "补充协议" in cname:
            value = inv * rng.uniform(0.02, 0.2)
        elif kind in ("procurement", "bidding"):
            value = inv * rng.uniform(0.08, 0.3)
        elif kind == "government_debt":
            value = inv * rng.uniform(0.001, 0.004)  # underwriting fee
        else:
            value = inv * rng.uniform(0.7, 1.0)
        value = round(value, -2)
        csrc = {"authority": owner.name, "document": self.doc(owner.abbr, "合", _year(signed))}
        row: dict[str, Any] = {"id": cid, "name": cname, "status": status, "signed_on": _iso(signed)}
        if breached is not None:
            row["breached_on"] = _iso(breached)
        row.update({"value": int(value), "currency": "CNY", "valid_from": _iso(signed), "source": csrc})
        self.out.write("Contract", row)
        self.rel("FOR_PROJECT", cid, prj["id"], csrc)
        self.rel("HAS_PARTY", cid, owner.id, csrc, extra={"role": "government"})
        self.rel("HAS_PARTY", cid, co[0], csrc, extra={"role": role})
        if partner is not None and partner != co:
            self.rel("HAS_PARTY", cid, partner[0], csrc, extra={"role": role})
        self.rel("SIGNED_BY", cid, slot.official or "", csrc)
        self.rel("SIGNED_AS", cid, post.id, csrc)
        if role in ("social_capital", "investor") and cname.endswith(("合同", "投资合作协议")):
            for investor in [co, *([partner] if partner and partner != co else [])]:
                amt = int(round(value * (0.6 if partner else 1.0), -2))
                self.rel("INVESTS_IN", investor[0], prj["id"], csrc, signed, None, {"amount": amt})
        ctr = {"id": cid, "name": cname, "owner": owner, "gov": gov, "co": co, "signed": signed,
               "breached": breached, "post": post, "project": prj, "status": status}
        if change is not None and breached is not None:
            c, q = change
            key = "breach_after_leader_change" if q is gov.principal else "breach_after_holder_change"
            if key not in self.demo:
                self.demo[key] = {"contract": cid, "name": cname, "signed_on": _iso(signed),
                                  "breached_on": _iso(breached), "post": q.id, "post_name": q.name,
                                  "changed_on": _iso(c), "days_after_change": breached - c,
                                  "signed_by": slot.official, "signed_as": post.id}
        if breached is not None:
            self.breach_consequences(blk, ctr)
        elif (status == "terminated" and rng.random() < 0.5) or rng.random() < 0.16:
            eff = signed + rng.randint(200, 1500)
            if eff <= _AS_OF:
                self.judgment(blk, ctr, eff, p_performed=0.85)

    def breach_consequences(self, blk: Block, ctr: dict[str, Any]) -> None:
        rng = self.rng
        owner, gov, b = ctr["owner"], ctr["gov"], ctr["breached"]
        subj = owner.id
        r = rng.random()
        if r < 0.2 or not self.contract_subject:
            subj = ctr["id"]  # (the first breach of a bundle is always recorded on the contract itself)
            self.contract_subject = True
        elif r < 0.3:
            subj = ctr["project"]["id"]
        sev = self.weighted((("general", 5), ("serious", 4), ("light", 1)))
        self.record(blk, "contract_breach", subj, f"{owner.name}违约毁约（{ctr['name']}）", b, gov,
                    evidence=ctr["id"], severity=sev)
        if rng.random() < 0.5:
            h = _holder_on(ctr["post"], b, strict=False)
            if h is not None and h.official:
                nm = blk.names.get(h.official, "")
                sv = self.weighted((("light", 4), ("general", 4), ("serious", 2)))
                act = rng.choice(_ACCOUNT_ACTS[sv])
                self.record(blk, "accountability", h.official, f"{nm}因合同违约被{act}", b, gov,
                            evidence=ctr["id"], severity=sv, dimension="duty")
        if rng.random() < 0.75:
            eff = b + rng.randint(150, 800)
            if eff <= _AS_OF:
                self.judgment(blk, ctr, eff, p_performed=0.45)
