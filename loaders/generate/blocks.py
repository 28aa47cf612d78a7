"""The whole generator: the tree walked one block at a time (province, each prefecture, each county)."""

from __future__ import annotations

from loaders.generate.dates import _iso
from loaders.generate.geography import _Geography
from loaders.generate.governments import _Governments
from loaders.generate.model import Block, Post
from loaders.generate.projects import _Projects
from loaders.generate.reporting import _Reporting
from loaders.generate.tenures import _Tenures


class _Gen(_Geography, _Governments, _Tenures, _Reporting, _Projects):
    """All the parts together; ``run`` writes the whole bundle's rows."""

    def run_block(self, blk: Block) -> None:
        vacancies: list[tuple[Post, int, int]] = []
        for p in blk.posts:
            self.timeline(p, vacancies)
        self.assign(blk)
        self.write_holds(blk)
        self.structure(blk)
        if "vacancy" not in self.demo and blk.top.level != "province":
            for p, a, b in vacancies:
                if p.role in ("gov_head", "head"):
                    self.demo["vacancy"] = {"post": p.id, "post_name": p.name, "from": _iso(a), "to": _iso(b)}
                    break
            else:
                if vacancies:
                    p, a, b = vacancies[0]
                    self.demo["vacancy"] = {"post": p.id, "post_name": p.name, "from": _iso(a), "to": _iso(b)}
        for g in blk.govs:
            if self.sc.projects[g.level][1] > 0 and (g.level != "province" or self.sc.province_depts):
                self.projects(blk, g)
        self.free_records(blk)

    def run(self) -> None:
        prov_spec = self.skeleton()
        # the province government
        blk = Block(prov_spec.code, None)  # type: ignore[arg-type]
        prov = self.make_gov(blk, prov_spec, None)
        blk.top = prov
        self.province = prov
        self.demo["province"] = prov.id
        self.big = self.companies(self.sc.big_companies, [(prov_spec.code, prov_spec.short)], True)
        self.local = self.big
        self.run_block(blk)
        for ps in prov_spec.children:
            self.counties_of(ps)
            for cs in ps.children:
                self.townships_of(cs)
            places = [(ps.code, ps.short)] + [(c.code, c.short) for c in ps.children]
            self.local = self.companies(self.sc.companies_per_prefecture, places, False)
            blk = Block(ps.code, prov)
            pref = self.make_gov(blk, ps, prov)
            blk.top = pref
            self.demo.setdefault("prefecture", pref.id)
            self.run_block(blk)
            for cs in ps.children:
                blk = Block(cs.code, pref)
                county = self.make_gov(blk, cs, pref)
                blk.top = county
                self.demo.setdefault("county", county.id)
                for ts in cs.children:
                    t = self.make_gov(blk, ts, county)
                    self.demo.setdefault("township", t.id)
                self.run_block(blk)
            ps.children = []  # drop the skeleton below the prefecture
