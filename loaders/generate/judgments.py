"""Court judgments on contracts and commitments, and the records of unperformed ones."""

from __future__ import annotations

from typing import Any

from loaders.generate.dates import _AS_OF, _iso, _year
from loaders.generate.model import Block, Unit, _holder_on
from loaders.generate.records import _Records


class _Judgments(_Records):
    """Courts, case numbers, judgments (AGAINST, CONCERNS)."""

    def court(self, unit: Unit) -> tuple[str, str, bool]:
        """(court name, court code for the case number, is the first-instance basic court)."""
        seat = unit.seat or unit
        if seat.level == "county":
            return f"{seat.place}人民法院", seat.code[2:6], True
        if seat.level == "prefecture":
            return f"{seat.place}中级人民法院", seat.code[2:4], False
        return f"{seat.place}高级人民法院", "", False

    def judgment(self, blk: Block, ctr: dict[str, Any], eff: int, p_performed: float,
                 concerns: tuple[str, str] | None = None) -> dict[str, Any]:
        rng = self.rng
        owner, gov = ctr["owner"], ctr["gov"]
        kind = ctr["project"]["kind"] if ctr.get("project") else "commitment"
        court, code, basic = self.court(owner)
        admin = kind in ("ppp", "investment_promotion") and rng.random() < 0.5
        typ = "行" if admin else "民"
        if basic and rng.random() < 0.25:
            pref = (owner.seat or owner).parent
            if pref is not None:
                court, code = f"{pref.place}中级人民法院", pref.code[2:4]
                typ += "终"
            else:
                typ += "初"
        else:
            typ += "初"
        year = _year(eff) if rng.random() < 0.4 else max(2010, _year(eff) - 1)
        case = f"（{year}）{self.province.abbr}{code}{typ}{rng.randint(1, 3000)}号"
        dispute = "行政协议纠纷案" if admin else {
            "ppp": "政府和社会资本合作合同纠纷案", "investment_promotion": "招商引资合同纠纷案",
            "procurement": "政府采购合同纠纷案", "bidding": "建设工程施工合同纠纷案", "government_debt": "合同纠纷案",
            "commitment": "行政允诺纠纷案",
        }[kind]
        jid = self.nid("jdg", 6)
        performed = rng.random() < p_performed
        perf_on = eff + rng.randint(20, 400) if performed else None
        if perf_on is not None and perf_on > _AS_OF:
            performed, perf_on = False, None
        listed = None
        if not performed and rng.random() < 0.55:
            listed = eff + rng.randint(45, 300)
            if listed > _AS_OF:
                listed = None
        row: dict[str, Any] = {"id": jid, "name": f"{ctr['co'][1]}诉{owner.name}{dispute}", "case_number": case,
                               "court": court, "effective_on": _iso(eff), "performed": performed}
        if perf_on is not None:
            row["performed_on"] = _iso(perf_on)
        if listed is not None:
            row["debtor_listed_on"] = _iso(listed)
        jsrc = {"authority": court, "document": case}
        row["valid_from"] = _iso(eff)
        row["source"] = jsrc
        self.out.write("Judgment", row)
        self.rel("AGAINST", jid, owner.id, jsrc)
        tgt = concerns[0] if concerns else ctr["id"]
        self.rel("CONCERNS", jid, tgt, jsrc)
        if not performed and "unperformed_judgment" not in self.demo:
            self.demo["unperformed_judgment"] = {"judgment": jid, "case_number": case, "against": owner.id}
        if not performed and eff + 90 <= _AS_OF:
            sev = "serious" if listed else self.weighted((("general", 3), ("serious", 1)))
            self.record(blk, "unperformed_judgment", owner.id, f"{owner.name}未履行生效判决（{case}）",
                        eff + 90, gov, evidence=jid, severity=sev, authority=court)
            if rng.random() < 0.4 and owner.principal is not None:
                h = _holder_on(owner.principal, eff + 90, strict=False)
                if h is not None and h.official:
                    nm = blk.names.get(h.official, "")
                    self.record(blk, "unperformed_judgment", h.official,
                                f"{nm}作为{owner.name}主要负责人未履行生效判决（{case}）", eff + 90, gov,
                                evidence=jid, severity=sev, dimension="law", authority=court)
        return {"id": jid}
