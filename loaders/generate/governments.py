"""Governments, their departments and sections, and all their posts (written as they are made)."""

from __future__ import annotations

from typing import Any

from loaders.generate.base import _GenBase
from loaders.generate.dates import _d
from loaders.generate.model import Block, GovSpec, Post, Section, Unit
from loaders.generate.vocab_departments import _CORE_DEPTS, _DEPTS, _GENERIC_SECTIONS, _SECTIONS, _TOWNSHIP_DEPTS
from loaders.generate.vocab_names import _AUTONOMOUS, _CN_NUM


class _Governments(_GenBase):
    """One government of a block with its departments and posts."""

    def make_gov(self, blk: Block, spec: GovSpec, parent: Unit | None) -> Unit:
        """Government node, its posts, its departments and their posts (written now)."""
        rng, sc = self.rng, self.sc
        lvl = spec.level
        if lvl == "township":
            county = parent
            assert county is not None
            place = county.place + spec.short
            full = place + ("办事处" if spec.kind == "街道" else "人民政府")
            abbr = spec.short[:2] if spec.kind != "街道" else spec.short[:-2]
        else:
            place = spec.short
            if spec.kind == "州":
                full = spec.short[:-1] + rng.choice(_AUTONOMOUS) + "人民政府"
            else:
                full = spec.short + "人民政府"
            abbr = spec.short[0]
        year = rng.randint(1983, 2005)
        if lvl == "township":
            gsrc = {"authority": self.province.name, "document": self.doc(self.province.abbr, "政函", year)}
        else:
            gsrc = {"authority": "国务院", "document": self.doc("国", "函", year)}
        gid = f"gov:{spec.code}"
        g = Unit(gid, full, place, abbr, lvl, True, spec.code, gsrc, gov=None, parent=parent, kind=spec.kind)
        g.gov = g
        g.seat = parent if lvl == "township" else g
        titles = {"省": ("省长", "副省长"), "市": ("市长", "副市长"), "州": ("州长", "副州长"), "区": ("区长", "副区长"),
                  "县": ("县长", "副县长"), "镇": ("镇长", "副镇长"), "乡": ("乡长", "副乡长"),
                  "街道": ("主任", "副主任")}
        g.head_title, g.deputy_title = titles[spec.kind]
        self.out.write("Government", {"id": gid, "name": full, "level": lvl, "division_code": spec.code,
                                      "source": gsrc})
        if parent is not None:
            self.rel("SUBORDINATE_TO", gid, parent.id, gsrc)
        blk.govs.append(g)

        # ranks: block-relative level and 职级
        seat = g.seat or g
        editor = seat.place  # 编办 of the seat government
        bsrc = {"authority": f"中共{editor}委机构编制委员会办公室",
                "document": self.doc(seat.abbr, "编发", rng.choice((2010, 2015, 2019, 2019, 2020)))}
        if lvl == "township":
            lv = {"gov_head": 4, "gov_deputy": 3, "head": 2, "deputy": 1, "staff": 0}
            rk = {"gov_head": "正科级", "gov_deputy": "副科级", "head": "股级", "deputy": None, "staff": "科员"}
        else:
            lv = {"gov_head": 6, "gov_deputy": 5, "head": 4, "deputy": 3, "section": 2, "subsection": 1, "staff": 0}
            ranks = {
                "province": ("正部级", "副部级", "正厅级", "副厅级", "正处级", "副处级", "科员"),
                "prefecture": ("正厅级", "副厅级", "正处级", "副处级", "正科级", "副科级", "科员"),
                "county": ("正处级", "副处级", "正科级", "副科级", "股级", None, "科员"),
            }[lvl]
            rk = dict(zip(("gov_head", "gov_deputy", "head", "deputy", "section", "subsection", "staff"), ranks, strict=True))

        def post(unit: Unit, idx: int, name: str, role: str) -> Post:
            pid = f"post:{spec.code}:00:{idx:03d}" if unit.is_gov else f"post:{unit.id[4:]}:{idx:03d}"
            p = Post(pid, name, unit, role, lv[role], rk.get(role), len(blk.posts))
            row: dict[str, Any] = {"id": pid, "name": name, "is_principal": role in ("gov_head", "head")}
            if p.rank:
                row["rank"] = p.rank
            row["source"] = unit.psrc
            self.out.write("Post", row)
            blk.posts.append(p)
            unit.posts.append(p)
            return p

        # government posts
        g.psrc = {"authority": full, "document": self.doc(abbr, "政发", rng.randint(2008, 2012))}
        g.principal = post(g, 1, f"{full}{g.head_title}", "gov_head")
        n_dep = rng.randint(*sc.gov_deputies[lvl])
        for i in range(n_dep):
            if i == 0 and lvl != "township":
                t = "常务" + g.deputy_title
            else:
                t = f"{g.deputy_title}（{_CN_NUM[i - (0 if lvl == 'township' else 1)]}）"
            d = post(g, 2 + i, full + t, "gov_deputy")
            d.acting_src = None
            g.deputies.append(d)
        g.principal.acting_src = g.deputies[0]

        # departments
        if lvl == "township":
            lo, hi = sc.depts["township"]
            n = rng.randint(lo, hi)
            rest = list(range(2, len(_TOWNSHIP_DEPTS)))
            rng.shuffle(rest)
            chosen = [0, 1, *sorted(rest[:max(0, n - 2)])]
            specs: list[tuple[str, str, str, str | None]] = [(_TOWNSHIP_DEPTS[i][0], _TOWNSHIP_DEPTS[i][1], _TOWNSHIP_DEPTS[i][2], None) for i in chosen[:n]]
        else:
            if lvl == "province":
                n = rng.randint(*sc.depts["province"]) if sc.province_depts else 0
            else:
                n = rng.randint(*sc.depts[lvl])
            n = min(n, len(_DEPTS))
            rest = list(range(_CORE_DEPTS, len(_DEPTS)))
            rng.shuffle(rest)
            chosen = list(range(min(n, _CORE_DEPTS))) + sorted(rest[: max(0, n - _CORE_DEPTS)])
            specs = [_DEPTS[i] for i in chosen]
        for di, (dname, cat, dabbr, prov_name) in enumerate(specs, 1):
            if lvl == "province" and prov_name:
                dname = prov_name
            if lvl == "county" and dname == "发展和改革委员会":
                dname = "发展和改革局"
            name = place + dname
            did = f"dep:{spec.code}:{di:02d}"
            dsrc = {"authority": bsrc["authority"], "document": bsrc["document"]}
            u = Unit(did, name, place, abbr + dabbr, lvl, False, spec.code, dsrc, psrc=dsrc, category=cat,
                     gov=g, parent=parent, seat=g.seat)
            self.out.write("Department", {"id": did, "name": name, "category": cat, "source": dsrc})
            self.rel("BELONGS_TO", did, gid, dsrc)
            g.depts.append(u)
            g.by_cat.setdefault(cat, u)
            head = _head_title(dname)
            u.principal = post(u, 1, name + head, "head")
            idx = 2
            for i in range(rng.randint(*sc.dept_deputies[lvl])):
                u.deputies.append(post(u, idx, f"{name}副{head}（{_CN_NUM[i]}）", "deputy"))
                idx += 1
            u.principal.acting_src = u.deputies[0] if u.deputies else None
            if lvl == "township":
                for i in range(rng.randint(*sc.staff["township"])):
                    post(u, idx, f"{name}工作人员（{_CN_NUM[i]}）", "staff")
                    idx += 1
                continue
            names = list(_SECTIONS.get(cat, ()))
            rng.shuffle(names)
            generic = list(_GENERIC_SECTIONS)
            rng.shuffle(generic)
            n_sec = rng.randint(*sc.sections[lvl])
            sec_names = (["办公室", *names, *generic])[:n_sec]
            unit_word = "处" if lvl == "province" else "科"
            for sname in sec_names:
                full_sec = sname if sname == "办公室" else sname + unit_word
                chief_t = "主任" if sname == "办公室" else unit_word + "长"
                chief = post(u, idx, f"{name}{full_sec}{chief_t}", "section")
                idx += 1
                members = [chief]
                if rng.random() < sc.subsection_p:
                    members.append(post(u, idx, f"{name}{full_sec}副{chief_t}", "subsection"))
                    idx += 1
                chief.acting_src = members[1] if len(members) > 1 else None
                for i in range(rng.randint(*sc.staff[lvl])):
                    members.append(post(u, idx, f"{name}{full_sec}科员（{_CN_NUM[i]}）", "staff"))
                    idx += 1
                u.sections.append(Section(full_sec, chief, members))
        # one section moves to another department (机构改革 or a reorganisation)
        with_sec = [u for u in g.depts if u.sections]
        if len(with_sec) >= 2 and rng.random() < sc.move_p:
            a, b = rng.sample(with_sec, 2)
            sec = rng.choice(a.sections)
            sec.moved_to = b
            sec.moved_on = _d(2019, 3, 1) + rng.randint(0, 120) if rng.random() < 0.6 else \
                rng.randint(_d(2012), _d(2024, 12, 31))
        return g


def _head_title(name: str) -> str:
    for suffix, title in (("委员会", "主任"), ("办公室", "主任"), ("中心", "主任"), ("支队", "支队长"),
                          ("大队", "大队长"), ("执法队", "队长"), ("站", "站长"), ("所", "所长"), ("厅", "厅长"),
                          ("研究院", "院长"), ("设计院", "院长"), ("局", "局长")):
        if name.endswith(suffix):
            return title
    return "主任"
