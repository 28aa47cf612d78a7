"""Dishonesty records: the row with its subject and evidence, and the free-standing ones of a block."""

from __future__ import annotations

from typing import Any

from loaders.generate.base import _GenBase
from loaders.generate.dates import _AS_OF, _d, _iso, _year
from loaders.generate.model import Block, Unit
from loaders.generate.vocab_records import (
    _ACCOUNT_ACTS,
    _ACCOUNT_REASONS,
    _APPROVAL_FAILURES,
    _COMPLAINTS,
    _SANCTIONS,
    _UNIT_PENALTIES,
)


class _Records(_GenBase):
    """Writing dishonesty records (RECORD_SUBJECT, EVIDENCED_BY)."""

    def record(self, blk: Block, kind: str, subject: str, name: str, act: int, gov: Unit, *, evidence: str | None,
               severity: str, dimension: str | None = None, authority: str | None = None) -> None:
        rng = self.rng
        act = min(act, _AS_OF)
        decided = min(act + rng.randint(15, 240), _AS_OF)
        seat = gov.seat or gov
        if kind in ("disciplinary_sanction", "accountability"):
            auth, word = f"中共{seat.place}纪律检查委员会", "纪发"
        elif kind == "approval_failure":
            auth, word = f"{seat.place}政务服务和大数据管理局", "政务通报"
        elif kind == "upheld_complaint":
            auth, word = f"{seat.place}12345政务服务便民热线工作领导小组办公室", "热线通报"
        elif kind == "administrative_penalty":
            auth, word = authority or f"{seat.place}市场监督管理局", "罚决"
        else:
            auth, word = f"{seat.place}社会信用体系建设领导小组办公室", "信用"
        rid = self.nid("rec", 7)
        row: dict[str, Any] = {"id": rid, "name": name, "source_kind": kind, "severity": severity}
        if dimension:
            row["dimension"] = dimension
        row.update({"act_date": _iso(act), "decided_on": _iso(decided), "status": "active",
                    "valid_from": _iso(decided),
                    "source": {"authority": auth, "document": self.doc(seat.abbr, word, _year(decided))}})
        self.out.write("DishonestyRecord", row)
        src = row["source"]
        self.rel("RECORD_SUBJECT", rid, subject, src)
        if evidence:
            self.rel("EVIDENCED_BY", rid, evidence, src)
        self.kinds_seen[kind] += 1
        if subject.startswith("off:"):
            n = self.official_records.get(subject, 0) + 1
            self.official_records[subject] = n
            if "official_with_records" not in self.demo and evidence is not None:
                self.demo["official_with_records"] = {"official": subject, "name": blk.names.get(subject),
                                                      "first_record": rid, "source_kind": kind}

    def free_records(self, blk: Block) -> None:
        """Records not tied to a contract or judgment: sanctions, penalties, complaints, approvals."""
        rng = self.rng
        n = round(len(blk.posts) * self.sc.record_rate)
        weights = (("disciplinary_sanction", 35), ("accountability", 20), ("administrative_penalty", 15),
                   ("upheld_complaint", 13), ("approval_failure", 9), ("arrears", 8))
        units = [u for g in blk.govs for u in (g, *g.depts)]
        for i in range(n):
            kind = weights[i][0] if i < len(weights) else self.weighted(weights)
            sev = self.weighted((("light", 35), ("general", 45), ("serious", 20)))
            on_official = kind in ("disciplinary_sanction", "accountability") or \
                (kind in ("administrative_penalty", "upheld_complaint") and rng.random() < 0.45)
            if on_official:
                for _ in range(5):
                    p = rng.choice(blk.posts)
                    s = rng.choice(p.slots)
                    hi = min(s.end if s.end is not None else _AS_OF, _AS_OF)
                    if hi >= _d(2014, 6, 30) and s.official:
                        break
                else:
                    continue
                assert s.official is not None
                act = self.between(max(s.start, _d(2014)), hi)
                nm = blk.names.get(s.official, "")
                g = p.unit.gov or p.unit
                if kind == "disciplinary_sanction":
                    dim = self.weighted((("clean", 55), ("duty", 30), ("law", 15)))
                    name = f"{nm}受{rng.choice(_SANCTIONS[sev])}处分"
                elif kind == "accountability":
                    dim = "duty"
                    name = f"{nm}因{rng.choice(_ACCOUNT_REASONS)}被{rng.choice(_ACCOUNT_ACTS[sev])}"
                elif kind == "administrative_penalty":
                    dim = self.weighted((("law", 50), ("tax", 35), ("morality", 15)))
                    what = {"law": "违法占地", "tax": "个人所得税未依法申报", "morality": "饮酒后驾驶机动车"}[dim]
                    name = f"{nm}{what}被行政处罚"
                    auth = f"国家税务总局{(g.seat or g).place}税务局" if dim == "tax" else None
                    self.record(blk, kind, s.official, name, act, g, evidence=None, severity=sev, dimension=dim,
                                authority=auth)
                    continue
                else:
                    dim = self.weighted((("morality", 60), ("duty", 40)))
                    name = f"{nm}被12345热线投诉查实（{rng.choice(_COMPLAINTS)}）"
                self.record(blk, kind, s.official, name, act, g, evidence=None, severity=sev, dimension=dim)
            else:
                u = rng.choice(units)
                g = u.gov or u
                act = rng.randint(_d(2014), _AS_OF - 10)
                owned = blk.projects.get(u.id)
                evidence = None
                if owned and kind in ("arrears", "administrative_penalty") and rng.random() < 0.6:
                    pid, pname, pstart = rng.choice(owned)
                    act = self.between(max(pstart + 60, _d(2014)), _AS_OF - 10)
                    what = rng.choice(_UNIT_PENALTIES) if kind == "administrative_penalty" else \
                        ("拖欠农民工工资" if rng.random() < 0.4 else "拖欠工程款")
                    name = f"{u.name}{what}（{pname}）" + ("被行政处罚" if kind == "administrative_penalty" else "")
                    subject = pid if kind == "arrears" and rng.random() < 0.4 else u.id
                    self.record(blk, kind, subject, name, act, g, evidence=pid, severity=sev)
                    continue
                if kind == "administrative_penalty":
                    name = f"{u.name}{rng.choice(_UNIT_PENALTIES)}被行政处罚"
                elif kind == "approval_failure":
                    name = f"{u.name}网上审批{rng.choice(_APPROVAL_FAILURES)}"
                elif kind == "upheld_complaint":
                    name = f"{u.name}被12345热线投诉查实（{rng.choice(_COMPLAINTS)}）"
                else:
                    name = f"{u.name}{'拖欠农民工工资' if rng.random() < 0.4 else '拖欠工程款'}"
                self.record(blk, kind, u.id, name, act, g, evidence=evidence, severity=sev)
